#pragma once
#include <string>
#include <vector>

#include <sys/types.h>

namespace followup::testing {

// A real child process (the followup-bot binary), killed at scope exit if still running.
class child_process {
 public:
  child_process(const std::string& path, const std::vector<std::string>& args,
                const std::vector<std::string>& env, const std::string& log_file);
  ~child_process();
  void kill(int signal);
  // Exit status, or -1 if it did not end within `ms`.
  int wait(int ms);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

std::uint16_t free_port();
// Polls GET /healthz until it answers 200.
bool wait_healthy(std::uint16_t port, int ms);

}  // namespace followup::testing
