#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace followup::web {

class session;

// The open sockets of each web user, for the outbox's web client to find. Thread-safe: sessions
// come and go on their strands while the dispatcher looks them up on its own.
class hub {
 public:
  // A user with this many pages open gets no more: each is a socket and a write queue.
  static constexpr std::size_t max_pages_per_user = 8;

  // False when the user has max_pages_per_user open already.
  bool attach(const std::string& user, std::shared_ptr<session> s);
  void detach(const std::string& user, const session* s);
  std::vector<std::shared_ptr<session>> find(const std::string& user) const;
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::shared_ptr<session>>> users_;
};

}  // namespace followup::web
