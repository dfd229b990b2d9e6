# report-seed-safety.sh — the safety sections' part of the report fixture
# (report-seed.sh): seed_safety SITE adds a small, known month of records
# for site SITE to $PM_DB.  A placeholder until the safety sections arrive.
seed_safety() {
	:
}
