# report-seed-fee.sh — the fee sections' part of the report fixture
# (report-seed.sh): seed_fee SITE adds a small, known month of records
# for site SITE to $PM_DB.  A placeholder until the fee sections arrive.
seed_fee() {
	:
}
