-- Anonymous posting (issue 13): a community may let members post as
-- "a member". The real author stays in posts.author_id (and
-- threads.author_id), so rate limits, spam scoring, holds and sanctions
-- work as for any post; the flag tells every read to hide the handle.
-- A thread is anonymous when its opening post is: the flag is copied to
-- threads so that lists need no join to posts.
ALTER TABLE posts ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1));
ALTER TABLE threads ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1));
-- Off by default: community moderators and staff turn it on.
ALTER TABLE community_settings ADD COLUMN allow_anonymous INTEGER NOT NULL DEFAULT 0 CHECK (allow_anonymous IN (0, 1));
