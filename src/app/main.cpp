// minewatch: the command-line entry point. Parses flags and wires modules, nothing else
// (style.md §1).
#include <CLI/CLI.hpp>
#include <cstdio>

int main(int argc, char** argv) {
  CLI::App app{"minewatch — mine safety monitoring and supervision"};
  app.require_subcommand(1);
  auto* version = app.add_subcommand("version", "print the version");
  version->callback([] { std::puts("minewatch 0.1.0"); });
  CLI11_PARSE(app, argc, argv);
  return 0;
}
