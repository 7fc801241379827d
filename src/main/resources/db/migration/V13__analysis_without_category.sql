-- A message with too little signal ("123", a bare signature) gets no category instead of a guess.
ALTER TABLE message_analysis ALTER COLUMN category DROP NOT NULL;
