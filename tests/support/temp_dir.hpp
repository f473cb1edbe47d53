#pragma once
#include <cstdlib>
#include <filesystem>
#include <string>

namespace followup::testing {

// A fresh directory under /tmp, removed with everything in it at scope exit.
class temp_dir {
 public:
  temp_dir() {
    std::string templ = (std::filesystem::temp_directory_path() / "followup-test-XXXXXX").string();
    path_ = mkdtemp(templ.data());
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace followup::testing
