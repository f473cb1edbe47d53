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
int eval_nlu(const std::vector<std::string>& args);    // eval_nlu.cpp
int eval_dates(const std::vector<std::string>& args);  // eval_dates.cpp

}  // namespace followup::cli
