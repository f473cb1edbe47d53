#include "bot/outbox/outbox_queue.hpp"

#include <algorithm>
#include <utility>

namespace followup {

namespace {
std::string key_of(const outbox_row& r) {
  return outbox_queue::chat_key(r.platform, r.chat_id);
}
bool before(const outbox_row& a, const outbox_row& b) {
  return std::tie(a.priority, a.id) < std::tie(b.priority, b.id);
}
}  // namespace

outbox_queue::outbox_queue(send_rate rate, retry_policy policy, std::size_t max_in_flight)
    : pacer_(rate), policy_(policy), max_in_flight_(std::max<std::size_t>(1, max_in_flight)) {}

std::string outbox_queue::chat_key(const std::string& platform, const std::string& chat_id) {
  return platform + '\x1f' + chat_id;
}

void outbox_queue::add(outbox_row row, sys_time now) {
  if (!known_.insert(row.id).second) return;
  auto key = key_of(row);
  auto& c = chats_[key];
  if (c.platform.empty()) c.platform = row.platform;
  auto pos = std::upper_bound(c.rows.begin(), c.rows.end(), row, before);
  bool new_head = pos == c.rows.begin();
  c.rows.insert(pos, std::move(row));
  if (c.parked) {
    ++parked_rows_;
    return;
  }
  if (c.sending) return;
  if (new_head || (!eligible_pos_.count(key) && !waiting_pos_.count(key))) {
    unschedule(key);
    schedule(key, now);
  }
}

void outbox_queue::unschedule(const std::string& key) {
  if (auto it = eligible_pos_.find(key); it != eligible_pos_.end()) {
    eligible_[chats_.at(key).platform].erase(it->second);
    eligible_pos_.erase(it);
  }
  if (auto it = waiting_pos_.find(key); it != waiting_pos_.end()) {
    waiting_.erase({it->second, key});
    waiting_pos_.erase(it);
  }
}

void outbox_queue::schedule(const std::string& key, sys_time now) {
  auto it = chats_.find(key);
  if (it == chats_.end()) return;
  auto& c = it->second;
  if (c.rows.empty()) {
    chats_.erase(it);
    return;
  }
  const auto& head = c.rows.front();
  auto at = std::max({head.not_before, c.blocked_until, pacer_.chat_ready_at(c.platform, key)});
  if (at <= now) {
    eligible_key k{static_cast<int>(head.priority), head.id, key};
    eligible_pos_[key] = eligible_[c.platform].insert(std::move(k)).first;
  } else {
    waiting_.insert({at, key});
    waiting_pos_[key] = at;
  }
}

std::vector<outbox_row> outbox_queue::take_ready(sys_time now, std::size_t unrecorded) {
  while (!waiting_.empty() && waiting_.begin()->first <= now) {
    auto key = waiting_.begin()->second;
    waiting_.erase(waiting_.begin());
    waiting_pos_.erase(key);
    schedule(key, now);
  }
  std::vector<outbox_row> out;
  while (in_flight_.size() + unrecorded < max_in_flight_) {
    // The most urgent head among the platforms whose budget allows a send now (a handful).
    std::set<eligible_key>* best = nullptr;
    for (auto& [platform, heads] : eligible_) {
      if (heads.empty() || pacer_.platform_ready_at(platform) > now) continue;
      if (!best || *heads.begin() < *best->begin()) best = &heads;
    }
    if (!best) break;
    auto key = std::get<2>(*best->begin());
    best->erase(best->begin());
    eligible_pos_.erase(key);
    auto& c = chats_[key];
    auto row = std::move(c.rows.front());
    c.rows.pop_front();
    c.sending = true;
    pacer_.record(c.platform, key, now);
    in_flight_.emplace(row.id, key);
    flying_rows_.emplace(row.id, row);
    out.push_back(std::move(row));
  }
  return out;
}

std::optional<sys_time> outbox_queue::next_wake() const {
  std::optional<sys_time> wake;
  if (!waiting_.empty()) wake = waiting_.begin()->first;
  if (in_flight_.size() < max_in_flight_) {
    for (const auto& [platform, heads] : eligible_) {
      if (heads.empty()) continue;
      auto g = pacer_.platform_ready_at(platform);
      if (!wake || g < *wake) wake = g;
    }
  }
  return wake;
}

delivery outbox_queue::complete(std::int64_t id, const send_outcome& outcome, sys_time now) {
  delivery d;
  d.id = id;
  auto chat_it = in_flight_.find(id);
  auto row_it = flying_rows_.find(id);
  if (chat_it == in_flight_.end() || row_it == flying_rows_.end()) {
    d.result = delivery_result::dead;
    d.error = "unknown outbox row";
    return d;
  }
  auto key = chat_it->second;
  auto row = std::move(row_it->second);
  in_flight_.erase(chat_it);
  flying_rows_.erase(row_it);
  auto& c = chats_[key];
  c.sending = false;
  bool woken = std::exchange(c.woken, false);
  d.attempts = row.attempts + 1;
  d.error = outcome.error;
  if (outcome.status == send_status::offline) {
    // Not an attempt: nobody was there to fail. The row keeps its place at the head.
    d.result = delivery_result::retry;
    d.attempts = row.attempts;
    d.not_before = row.not_before;
    c.rows.push_front(std::move(row));
    if (woken) {
      schedule(key, now);
      return d;
    }
    c.parked = true;
    c.parked_seq = ++park_counter_;
    parked_order_.emplace(c.parked_seq, key);
    parked_rows_ += c.rows.size();
    return d;
  }
  if (outcome.status == send_status::delivered) {
    d.result = delivery_result::sent;
    known_.erase(id);
  } else if (auto at = next_attempt(policy_, outcome, d.attempts, row.created_at, now,
                                    static_cast<std::uint64_t>(id))) {
    d.result = delivery_result::retry;
    d.not_before = *at;
    row.attempts = d.attempts;
    row.not_before = *at;
    c.blocked_until = *at;
    c.rows.push_front(std::move(row));
  } else {
    d.result = delivery_result::dead;
    known_.erase(id);
  }
  schedule(key, now);
  return d;
}

bool outbox_queue::unpark(const std::string& key, sys_time now) {
  auto it = chats_.find(key);
  if (it == chats_.end()) return false;
  auto& c = it->second;
  if (c.sending) {
    c.woken = true;
    return true;
  }
  if (!c.parked) return true;  // already scheduled
  c.parked = false;
  parked_order_.erase(c.parked_seq);
  parked_rows_ -= c.rows.size();
  schedule(key, now);
  return true;
}

bool outbox_queue::parked(const std::string& key) const {
  auto it = chats_.find(key);
  return it != chats_.end() && it->second.parked;
}

std::vector<std::string> outbox_queue::evict_parked(std::size_t keep) {
  std::vector<std::string> evicted;
  while (parked_rows_ > keep && !parked_order_.empty()) {
    auto key = std::move(parked_order_.begin()->second);
    parked_order_.erase(parked_order_.begin());
    auto it = chats_.find(key);
    if (it == chats_.end()) continue;
    for (const auto& r : it->second.rows) known_.erase(r.id);
    parked_rows_ -= it->second.rows.size();
    chats_.erase(it);
    evicted.push_back(std::move(key));
  }
  return evicted;
}

}  // namespace followup
