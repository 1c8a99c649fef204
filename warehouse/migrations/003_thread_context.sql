-- Schema version 3: where a post was written, for the posts that name no service themselves
-- ("same here" in r/spotify, "Down for me too" under "Is GitHub down?").
ALTER TABLE posts ADD COLUMN IF NOT EXISTS venue VARCHAR;         -- the community: r/spotify
ALTER TABLE posts ADD COLUMN IF NOT EXISTS thread_title VARCHAR;  -- a reply's thread's title
