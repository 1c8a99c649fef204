-- Schema version 6: a Bluesky post's link no longer names its author (review 186 #2).
-- bsky.app has no route to a post without its author (https://bsky.app/profile/{did}/post/
-- {rkey}), and a DID is permanent and resolves publicly to the handle: stored beside a
-- salted author_hash it undid the hash. Posts crawled since keep no link while handles are
-- hashed (crawlers/pipelines.py); this clears the links stored before. A row whose
-- author_hash is the DID itself was stored with [privacy] hash_authors = false, which keeps
-- handles in the clear anyway: its link stays.
UPDATE posts SET url = NULL
WHERE source = 'bluesky'
  AND url LIKE 'https://bsky.app/profile/%'
  AND author_hash IS DISTINCT FROM split_part(url, '/', 5);
