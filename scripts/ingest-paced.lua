-- wrk script for a steady rate: like ingest.lua, but each connection pauses 20 ms after every answer,
-- so 10 connections send about 500 messages/s. Latency is per request (closed loop).
dofile(debug.getinfo(1, "S").source:sub(2):gsub("ingest%-paced%.lua$", "ingest.lua"))
function delay()
  return 20
end
