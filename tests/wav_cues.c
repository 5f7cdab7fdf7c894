/* Prints a WAV file's cue points as libsndfile reads them back: one line
 * per cue, "position<TAB>label", after a first line with the frame count
 * and sample rate. An independent reader for the integration tests. */
#include <stdio.h>
#include <stdlib.h>

#include <sndfile.h>

int main(int argc, char **argv)
{
    SF_INFO info = {0};
    SNDFILE *sf;
    SF_CUES *cues;
    uint32_t count = 0, k;
    if (argc != 2) {
        fprintf(stderr, "usage: wav_cues FILE.wav\n");
        return 2;
    }
    sf = sf_open(argv[1], SFM_READ, &info);
    if (!sf) {
        fprintf(stderr, "wav_cues: %s: %s\n", argv[1], sf_strerror(NULL));
        return 1;
    }
    printf("%lld\t%d\n", (long long)info.frames, info.samplerate);
    if (sf_command(sf, SFC_GET_CUE_COUNT, &count, sizeof count) && count > 0) {
        size_t size = sizeof(uint32_t) + count * sizeof(SF_CUE_POINT);
        cues = calloc(1, size + sizeof(SF_CUES));
        if (sf_command(sf, SFC_GET_CUE, cues, (int)(size + sizeof(SF_CUES))) == SF_TRUE)
            for (k = 0; k < cues->cue_count; k++)
                printf("%u\t%u\t%s\n", cues->cue_points[k].position, cues->cue_points[k].sample_offset,
                       cues->cue_points[k].name);
        free(cues);
    }
    sf_close(sf);
    return 0;
}
