-- Schema version 5: when the source was last asked whether it still has a stored post.
-- Reddit's terms ask that content deleted on Reddit be removed, and a listing shows a
-- deletion only while the post is still on a page read, so each crawl looks the posts
-- checked longest ago up again (/api/info) and marks the gone ones deleted. Reddit also
-- leaves out of that answer what it hides for a while (a private subreddit): missing_since
-- is the first check that missed the post, deleted only on a miss a day later.
ALTER TABLE posts ADD COLUMN IF NOT EXISTS checked_at TIMESTAMP;
ALTER TABLE posts ADD COLUMN IF NOT EXISTS missing_since TIMESTAMP;
