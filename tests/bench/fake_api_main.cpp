// A fake platform API for the load benchmark: answers every call with ok:true, counts them,
// and writes the count to the file given when it receives SIGTERM/SIGINT.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/support/fake_api.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: followup-fake-api PORT COUNT_FILE\n");
    return 2;
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  followup::testing::fake_api api(false);
  auto port = api.start(static_cast<std::uint16_t>(std::atoi(argv[1])));
  std::fprintf(stderr, "fake API listening on 127.0.0.1:%u\n", static_cast<unsigned>(port));
  int sig = 0;
  sigwait(&set, &sig);
  api.stop();
  if (FILE* f = std::fopen(argv[2], "w")) {
    std::fprintf(f, "%llu\n", static_cast<unsigned long long>(api.count()));
    std::fclose(f);
  }
  return 0;
}
