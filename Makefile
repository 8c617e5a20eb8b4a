# The two commands a newcomer needs (see README.md):
#   make demo   install what is missing, build, and walk through the wallet tool end to end
#   make test   install what is missing, build, and run every test
SWIFT ?= swift

.PHONY: demo test deps bench contexts

deps:
	@bash .ci/install-deps

demo: deps
	$(SWIFT) build --product wallet
	@bash .ci/demo "$$($(SWIFT) build --show-bin-path)/wallet"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

# Not one of the two commands: regenerate the pinned JSON-LD contexts compiled into the library
# (Sources/JSONLD/Generated/) after changing Sources/JSONLD/Contexts/ (decision 0016).
contexts:
	$(SWIFT) Sources/JSONLD/Contexts/generate.swift

# Not one of the two commands: the benchmarks behind docs/performance.md.
bench: deps
	$(SWIFT) run -c release wallet-bench

# Not one of the two commands: libFuzzer over the fuzz targets (security requirement 32).
# FUZZ_SECONDS per target; new crash inputs land in the current directory as crash-*.
FUZZ_SECONDS ?= 60
fuzz: deps
	$(SWIFT) build -c release --product wallet-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING
	@for target in json jws did credential nquads jsonld; do \
		mkdir -p .build-fuzz/corpus/$$target; \
		echo "== $$target"; \
		WALLET_FUZZ_TARGET=$$target .build-fuzz/release/wallet-fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=5 \
			.build-fuzz/corpus/$$target Fixtures/fuzz/$$target 2>&1 | grep -E "^Done|ERROR|SUMMARY" || exit 1; \
	done
