// Parses a feed with the Podcast Index's parser (npm podcast-partytime)
// and prints what it read as JSON, for tests/podcast.py; "null" when it
// rejects the feed.
//   node feed_partytime.cjs TOOLS FEED
"use strict";
const path = require("path");
const fs = require("fs");
const { parseFeed } = require(path.join(process.argv[2], "node_modules", "podcast-partytime"));
const feed = parseFeed(fs.readFileSync(process.argv[3], "utf8"), { allowMissingGuid: false });
process.stdout.write(JSON.stringify(feed) + "\n");
