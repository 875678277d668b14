# lika - the two commands of the README are `make demo` and `make test`.
PREFIX ?= /usr/local
JOBS ?= 2
BUILD := build
ASAN := build-asan
DEMO := demo

.PHONY: all setup build asan test demo bench install clean

all: build

setup:
	@scripts/setup.sh

$(BUILD)/Makefile:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

$(ASAN)/Makefile:
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DLK_SANITIZE=ON >/dev/null

build: setup $(BUILD)/Makefile
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory -s

asan: setup $(ASAN)/Makefile
	@cmake --build $(ASAN) -j$(JOBS) -- --no-print-directory -s

# Both configurations run the whole unit and end-to-end suites.
test: build asan
	@echo "== normal build"
	@ctest --test-dir $(BUILD) -j$(JOBS) --output-on-failure
	@echo "== asan+ubsan build"
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	 ctest --test-dir $(ASAN) -j$(JOBS) --output-on-failure

demo: build
	@scripts/demo.sh $(BUILD)/lika $(DEMO)

bench: build
	@bench/run.sh $(BUILD)/lika

# The install prefix is compiled in (where lika finds its data files).
install: setup
	@cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory -s
	@cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN)
