-- A store made by the first schema (user_version 1), with a little of everything in it.
PRAGMA user_version = 1;
BEGIN TRANSACTION;
CREATE TABLE contexts (
        id INTEGER PRIMARY KEY,
        word_id INTEGER NOT NULL REFERENCES words(id) ON DELETE CASCADE,
        document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
        sentence TEXT NOT NULL,
        paragraph INTEGER,
        "offset" INTEGER,
        added TEXT NOT NULL,
        UNIQUE (word_id, sentence)
    );
INSERT INTO "contexts" VALUES(1,1,'d1','ある日の暮方の事である。一人の下人が、羅生門の下で雨やみを待っていた。',3,15,'2026-11-01T20:05:00Z');
CREATE TABLE documents (
        id TEXT PRIMARY KEY,                
        title TEXT NOT NULL DEFAULT '',
        user_title TEXT,                    
        author TEXT NOT NULL DEFAULT '',
        path TEXT,                          
        char_count INTEGER NOT NULL DEFAULT 0,
        paragraph_count INTEGER NOT NULL DEFAULT 0,
        first_opened TEXT NOT NULL,
        last_opened TEXT NOT NULL
    );
INSERT INTO "documents" VALUES('d1','羅生門',NULL,'芥川龍之介','/books/rashomon.txt',5000,35,'2026-11-01T20:00:00Z','2026-11-02T21:00:00Z');
CREATE TABLE lookups (
        id INTEGER PRIMARY KEY,
        lemma TEXT NOT NULL,
        reading TEXT NOT NULL,
        surface TEXT NOT NULL,
        document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
        paragraph INTEGER NOT NULL,
        "offset" INTEGER NOT NULL,
        at TEXT NOT NULL
    );
INSERT INTO "lookups" VALUES(1,'下人','げにん','下人','d1',3,15,'2026-11-01T20:04:00Z');
CREATE TABLE progress (
        document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        paragraph INTEGER NOT NULL DEFAULT 0,
        "offset" INTEGER NOT NULL DEFAULT 0,
        furthest_paragraph INTEGER NOT NULL DEFAULT 0,
        furthest_offset INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0,    
        chars_read INTEGER NOT NULL DEFAULT 0,
        finished TEXT,                      
        updated TEXT NOT NULL
    );
INSERT INTO "progress" VALUES('d1',12,40,14,3,1830.5,2400,NULL,'2026-11-02T21:30:00Z');
CREATE TABLE reading_log (
        day TEXT PRIMARY KEY,               
        chars INTEGER NOT NULL DEFAULT 0,
        seconds REAL NOT NULL DEFAULT 0
    );
INSERT INTO "reading_log" VALUES('2026-11-01',1200,900.0);
INSERT INTO "reading_log" VALUES('2026-11-02',1200,930.5);
CREATE TABLE words (
        id INTEGER PRIMARY KEY,
        lemma TEXT NOT NULL,
        reading TEXT NOT NULL,
        status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 5 OR status IN (98, 99)),
        entry_id INTEGER,
        gloss TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        status_changed TEXT NOT NULL,
        lookups INTEGER NOT NULL DEFAULT 0,
        UNIQUE (lemma, reading)
    );
INSERT INTO "words" VALUES(1,'下人','げにん',2,1250020,'servant; menial','from Rashomon','2026-11-01T20:05:00Z','2026-11-02T20:00:00Z',3);
INSERT INTO "words" VALUES(2,'雨','あめ',99,NULL,'','','2026-11-01T20:06:00Z','2026-11-01T20:06:00Z',0);
CREATE INDEX contexts_word ON contexts(word_id);
CREATE INDEX lookups_document ON lookups(document_id, id);
CREATE INDEX lookups_word ON lookups(lemma, reading);
COMMIT;
