# Segmenter: quotation spans, attribution, speakers and casting, driven by
# the cases in data/segment/cases.txt, plus the reference article.
at_unit_test(test_segment test_segment.c)
target_compile_options(test_segment PRIVATE ${AT_WARNINGS})
