#pragma once
#include <string>
#include <vector>

namespace followup::cli {

// Each returns the process exit code. `args` excludes the subcommand itself.
int serve(const std::vector<std::string>& args);
int chat(const std::vector<std::string>& args);
int classify(const std::vector<std::string>& args);
int check_rules(const std::vector<std::string>& args);
int telegram(const std::vector<std::string>& args);
int export_user(const std::vector<std::string>& args);
int stories(const std::vector<std::string>& args);

}  // namespace followup::cli
