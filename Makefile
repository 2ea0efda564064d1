# Property Fee Collection — the two commands: `make demo` and `make test`.
.PHONY: demo test setup lint pot check-ledger bench-billing bench-dunning bench-late-fees bench-load bench-reports

demo:            ## set up everything and run the demo on http://127.0.0.1:8069
	scripts/demo.sh

test:            ## lint + the Odoo test suite (pytest-odoo) on a fresh database
	scripts/test.sh

setup:           ## only install/prepare the dependencies
	scripts/setup.sh

lint:
	scripts/lint.sh

pot:             ## regenerate i18n/property_fee_collection.pot from a database with the addon
	scripts/pot.sh

check-ledger:    ## check the receivable ledger of DB (default pfc_demo) against its bills
	DB=$(DB) scripts/check_ledger.sh

UNITS ?= 20000
bench-billing:
	UNITS=$(UNITS) bench/billing.sh

INVOICES ?= 100000
PAYERS ?= 50000
bench-dunning:
	INVOICES=$(INVOICES) PAYERS=$(PAYERS) bench/dunning.sh

bench-late-fees:
	INVOICES=$(INVOICES) PAYERS=$(PAYERS) bench/late_fees.sh

CLIENTS ?= 20
DURATION ?= 60
bench-load:      ## 2 HTTP workers on a copy of the demo, CLIENTS users for DURATION seconds
	CLIENTS=$(CLIENTS) DURATION=$(DURATION) bench/load.sh

# 100,000 units unless UNITS is given (make bench-reports UNITS=5000)
bench-reports:
	UNITS=$(if $(filter command line environment,$(origin UNITS)),$(UNITS),100000) MONTHS=$(or $(MONTHS),12) bench/reports.sh
