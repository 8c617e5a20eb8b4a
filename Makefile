# The two commands a newcomer needs (see README.md):
#   make demo   install what is missing, build, and walk through the wallet tool end to end
#   make test   install what is missing, build, and run every test
SWIFT ?= swift

.PHONY: demo test deps bench install install-check contexts docs doc-samples

deps:
	@bash .ci/install-deps

demo: deps
	$(SWIFT) build --product wallet
	@bash .ci/demo "$$($(SWIFT) build --show-bin-path)/wallet"

# The network tests (the guarded client, OpenID4VC's flows, the server) run in processes of their
# own: they time deadlines against loopback servers, and in the shared process the CPU-bound
# suites hold Swift's cooperative threads for tens of seconds at a time (decision 0012); the
# OpenID4VC roles answer on those threads (decision 0033), so their suites run one test at a time
# (`--no-parallel`: a test's loopback server is never starved by a CPU-bound neighbour).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip GuardedHTTPTests --skip OpenID4VCTests --skip WalletServerTests
	$(SWIFT) test --skip-build --filter GuardedHTTPTests
	$(SWIFT) test --skip-build --filter OpenID4VCTests --no-parallel
	$(SWIFT) test --skip-build --filter WalletServerTests --no-parallel
	@SWIFT="$(SWIFT)" bash .ci/doc-samples
	$(MAKE) --no-print-directory docs

# Not one of the two commands: regenerate the pinned JSON-LD contexts compiled into the library
# (Sources/JSONLD/Generated/) after changing Sources/JSONLD/Contexts/ (decision 0016).
contexts:
	$(SWIFT) Sources/JSONLD/Contexts/generate.swift

# Not one of the two commands: the DocC archives of the library modules (swift-docc-plugin,
# decision 0020), in .build/plugins/Swift-DocC/outputs/<Module>.doccarchive; a warning fails it.
# One invocation for all of them: the plugin plans the build and extracts symbols once.
DOC_MODULES = WalletCrypto StrictJSON DIDCore JSONLD WalletKeystore VerifiableCredentials WalletCore GuardedHTTP DIDResolvers OpenID4VC WalletServer
docs:
	$(SWIFT) package generate-documentation $(foreach module,$(DOC_MODULES),--target $(module)) --warnings-as-errors

# Not one of the two commands: compiles every Swift sample of README.md and the DocC articles in a
# fresh package that depends on this one by path (decision 0018).
doc-samples: deps
	@SWIFT="$(SWIFT)" bash .ci/doc-samples

# Not one of the two commands: the benchmarks behind docs/performance.md. The cold-start and
# batch rows run the `wallet` beside wallet-bench, built as `make install` builds it.
bench: deps
	$(SWIFT) build -c release --static-swift-stdlib --product wallet
	$(SWIFT) build -c release --static-swift-stdlib --product wallet-bench
	"$$($(SWIFT) build -c release --show-bin-path)/wallet-bench"

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

# Not one of the two commands: installs `wallet` (release, Swift runtime linked statically), its
# shell completions and its man page under PREFIX (default /usr/local; DESTDIR for packaging).
PREFIX ?= /usr/local
install: deps
	$(SWIFT) build -c release --static-swift-stdlib --product wallet
	$(SWIFT) build -c release --static-swift-stdlib --product wallet-serve
	$(SWIFT) build -c release --product generate-manual
	@bin="$$($(SWIFT) build -c release --show-bin-path)"; set -e; \
	work="$$(mktemp -d)"; trap 'rm -rf "$$work"' EXIT; \
	"$$bin/generate-manual" "$$bin/wallet" --output-directory "$$work"; \
	"$$bin/wallet" --generate-completion-script bash > "$$work/wallet.bash"; \
	"$$bin/wallet" --generate-completion-script zsh > "$$work/_wallet"; \
	"$$bin/wallet" --generate-completion-script fish > "$$work/wallet.fish"; \
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"; \
	install -s -m 0755 "$$bin/wallet" "$(DESTDIR)$(PREFIX)/bin/wallet"; \
	install -s -m 0755 "$$bin/wallet-serve" "$(DESTDIR)$(PREFIX)/bin/wallet-serve"; \
	install -m 0644 "$$work/wallet.1" "$(DESTDIR)$(PREFIX)/share/man/man1/wallet.1"; \
	install -m 0644 "$$work/wallet.bash" "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/wallet"; \
	install -m 0644 "$$work/_wallet" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_wallet"; \
	install -m 0644 "$$work/wallet.fish" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/wallet.fish"; \
	echo "installed $(DESTDIR)$(PREFIX)/bin/wallet and wallet-serve (its server commands, decision 0038), the man page and bash, zsh and fish completions"

# Not one of the two commands: `make install` into a temporary DESTDIR, then the README's tour
# with the installed binary, and its man page and completions in place.
install-check:
	@stage="$$(mktemp -d)"; trap 'rm -rf "$$stage"' EXIT; set -e; \
	$(MAKE) --no-print-directory install DESTDIR="$$stage" PREFIX=/usr; \
	for f in bin/wallet bin/wallet-serve share/man/man1/wallet.1 share/bash-completion/completions/wallet \
		share/zsh/site-functions/_wallet share/fish/vendor_completions.d/wallet.fish; do \
		test -s "$$stage/usr/$$f" || { echo "install-check: $$f missing" >&2; exit 1; }; done; \
	bash .ci/readme-tour "$$stage/usr/bin/wallet"
