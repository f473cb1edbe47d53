#include "bot/platforms/web/hub.hpp"

#include <algorithm>

namespace followup::web {

bool hub::attach(const std::string& user, std::shared_ptr<session> s) {
  std::lock_guard lock(mutex_);
  auto& open = users_[user];
  if (open.size() >= max_pages_per_user) return false;
  open.push_back(std::move(s));
  return true;
}

void hub::detach(const std::string& user, const session* s) {
  std::lock_guard lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end()) return;
  auto& open = it->second;
  open.erase(std::remove_if(open.begin(), open.end(), [s](const auto& p) { return p.get() == s; }),
             open.end());
  if (open.empty()) users_.erase(it);
}

std::vector<std::shared_ptr<session>> hub::find(const std::string& user) const {
  std::lock_guard lock(mutex_);
  auto it = users_.find(user);
  if (it == users_.end()) return {};
  return it->second;
}

std::size_t hub::size() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [user, open] : users_) n += open.size();
  return n;
}

}  // namespace followup::web
