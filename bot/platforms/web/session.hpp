#pragma once
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bot/transport/websocket.hpp"

namespace followup::web {

struct session_limits {
  // A page that does not read its socket is dropped once this much waits for it.
  std::size_t max_queued_frames = 64;
  std::size_t max_queued_bytes = 256 * 1024;
  // One frame taking longer than this to write means the peer stopped reading: dropped.
  std::chrono::milliseconds write_timeout{10'000};
  // A bot message the page has not acknowledged by then counts as not delivered (it is sent
  // again on the next visit), and the page, which should have answered at once, is dropped.
  std::chrono::milliseconds receipt_timeout{5'000};
  // A person sends a few messages in a row, then pauses: a page may send this many at once,
  // then one per interval. Each message costs a durable commit; a script gets a polite error.
  std::size_t message_burst = 10;
  std::chrono::milliseconds message_interval{1'000};
};

// One browser tab's socket. Frames come from any thread (the outbox's, the reader's) into a
// bounded queue; a writer on the socket's strand sends them in order while the reader hands the
// page's messages, one at a time, to the chat.
class session : public std::enable_shared_from_this<session> {
 public:
  using message_fn = std::function<net::awaitable<void>(session&, std::string)>;
  using written_fn = std::function<void(bool written)>;

  session(ws_connection& ws, std::string user_id, session_limits limits);
  const std::string& user_id() const { return user_id_; }

  // Thread-safe. Queues a frame; `done`, if given, is called once on the session's strand: true
  // when the frame was written to the socket and, if `receipt` > 0, the page acknowledged that
  // id ({"ack": receipt}); false when that will not happen. Bytes written to a socket are not
  // yet seen: the tab may be closing. Only the page's receipt says the message reached it.
  void push(std::string frame, written_fn done = {}, std::int64_t receipt = 0);
  // On the strand, from the reader: waits while the queue is half full or more, so the frames
  // answering the page's own messages (acks, refusals) slow the page down instead of
  // overflowing the queue, which would drop a page that reads. Bounded by write_timeout.
  net::awaitable<void> room();
  // On the strand: the page acknowledged bot message `receipt`.
  void acknowledged(std::int64_t receipt);
  // On the strand: whether the page may send a message now (session_limits::message_burst),
  // counting it if so.
  bool may_send(std::chrono::steady_clock::time_point now);

  // Call once, on the socket's strand: reads until the socket closes and writes meanwhile.
  // Returns only when neither touches the socket any more.
  net::awaitable<void> run(message_fn on_message);

 private:
  struct pending {
    std::string frame;
    written_fn done;
    std::int64_t receipt = 0;
  };
  struct awaiting {
    written_fn done;
    std::shared_ptr<net::steady_timer> deadline;
  };

  void enqueue(pending p);
  net::awaitable<void> write_loop();
  void arm_watchdog(std::uint64_t seq);
  void drop(const char* why);
  void await_receipt(std::int64_t receipt, written_fn done);

  ws_connection& ws_;  // valid while !finished_
  net::any_io_executor executor_;
  std::string user_id_;
  session_limits limits_;
  // Everything below: on the strand only.
  std::deque<pending> queue_;
  std::size_t queued_bytes_ = 0;
  std::unordered_map<std::int64_t, awaiting> awaiting_;  // written, not yet acknowledged
  net::steady_timer wake_;                               // the writer waits on it for frames
  net::steady_timer writer_done_;                        // run() waits on it for the writer to end
  net::steady_timer watchdog_;
  net::steady_timer room_;  // the reader waits on it for room in the queue
  bool closing_ = false;
  bool finished_ = false;
  // Token bucket for the page's messages: full (message_burst) until the first one.
  double send_tokens_ = -1;
  std::chrono::steady_clock::time_point tokens_at_{};
  bool writer_running_ = false;
  bool writing_ = false;
  std::uint64_t write_seq_ = 0;
};

}  // namespace followup::web
