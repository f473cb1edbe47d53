#include "tests/support/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <boost/asio.hpp>

#include "tests/support/http_test_client.hpp"

namespace followup::testing {

child_process::child_process(const std::string& path, const std::vector<std::string>& args,
                             const std::vector<std::string>& env, const std::string& log_file) {
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    std::vector<char*> argv{const_cast<char*>(path.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    execv(path.c_str(), argv.data());
    _exit(127);
  }
}

child_process::~child_process() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void child_process::kill(int signal) {
  if (pid_ > 0) ::kill(pid_, signal);
}

int child_process::wait(int ms) {
  if (pid_ <= 0) return -1;
  for (int waited = 0; waited <= ms; waited += 10) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

std::uint16_t free_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

bool wait_healthy(std::uint16_t port, int ms) {
  for (int waited = 0; waited <= ms; waited += 50) {
    try {
      http_test_client c("127.0.0.1", port);
      if (c.request("GET", "/healthz").status == 200) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace followup::testing
