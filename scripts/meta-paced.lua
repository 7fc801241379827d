-- Like meta.lua at a steady rate: each connection pauses 20 ms after every answer, so 10 connections send
-- about 500 events/s. Latency is per request (closed loop).
dofile(debug.getinfo(1, "S").source:sub(2):gsub("meta%-paced%.lua$", "meta.lua"))
function delay()
  return 20
end
