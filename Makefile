# The two commands a newcomer needs (see README.md):
#   make demo   install what is missing, build, and walk through the wallet tool end to end
#   make test   install what is missing, build, and run every test
SWIFT ?= swift

.PHONY: demo test deps bench

deps:
	@bash .ci/install-deps

demo: deps
	$(SWIFT) build --product wallet
	@bash .ci/demo "$$($(SWIFT) build --show-bin-path)/wallet"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

# Not one of the two commands: the benchmarks behind docs/performance.md.
bench: deps
	$(SWIFT) run -c release wallet-bench
