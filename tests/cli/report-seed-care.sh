# report-seed-care.sh — the care sections' part of the report fixture
# (report-seed.sh): seed_care SITE adds a small, known month of records
# for site SITE to $PM_DB.  A placeholder until the care sections arrive.
seed_care() {
	:
}
