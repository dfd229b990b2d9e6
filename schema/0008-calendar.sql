-- 0008-calendar: official holiday years imported by `pm-admin calendar
-- import` (calendar.h), over the table built into libpm.
--
-- One row per notice year imported; its days are the days that notice
-- names, which can include the December before (the 2019 notice names
-- 2018-12-29..31), so a day's year is its notice's, not its date's.  An
-- import replaces all the days of its year.  off is 1 for a day off, 0
-- for a swapped working day (调休); ordinary weekends are never stored.

CREATE TABLE calendar_year (
	year        INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 9999),
	papers      TEXT NOT NULL CHECK (json_valid(papers)),   -- the notices' addresses
	imported_at INTEGER NOT NULL,
	actor       TEXT NOT NULL
) STRICT;

CREATE TABLE calendar_day (
	year INTEGER NOT NULL REFERENCES calendar_year (year),
	day  TEXT NOT NULL CHECK (length(day) = 10 AND
	     day GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
	off  INTEGER NOT NULL CHECK (off = 0 OR off = 1),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	PRIMARY KEY (year, day)
) STRICT;
