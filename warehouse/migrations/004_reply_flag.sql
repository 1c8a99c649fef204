-- Schema version 4: whether a post is a reply in a thread. Incidents read a reply's symptoms
-- apart from the others' (its "down" is mostly its thread title's), and `prune` clears the
-- title with the rest of the raw text: the flag is what stays.
ALTER TABLE posts ADD COLUMN IF NOT EXISTS is_reply BOOLEAN DEFAULT false;
-- A Reddit comment (t1_) is a reply even when a prune under schema 3 cleared its title.
UPDATE posts SET is_reply = thread_title IS NOT NULL
    OR (source = 'reddit' AND starts_with(native_id, 't1_'));
