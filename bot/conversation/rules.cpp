#include "bot/conversation/rules.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <yaml-cpp/yaml.h>

#include "bot/conversation/nlu/dates.hpp"

namespace followup {
namespace fs = std::filesystem;

std::string rules_error::text() const {
  std::string out;
  out.reserve(file.size() + message.size() + 16);
  out.append(file);
  if (line > 0) out.append(":").append(std::to_string(line));
  out.append(": ").append(message);
  return out;
}

const std::vector<std::string>& known_intents() {
  static const std::vector<std::string> names{"ask_thank_you",
                                              "ask_channel",
                                              "ask_timing",
                                              "ask_call",
                                              "ask_call_again",
                                              "ask_voicemail",
                                              "ask_no_response",
                                              "ask_closing_question",
                                              "ask_contacts",
                                              "ask_general",
                                              "ask_draft",
                                              "register_interview",
                                              "log_thank_you",
                                              "log_call",
                                              "set_follow_up_date",
                                              "record_outcome",
                                              "show_status",
                                              "delete_data",
                                              "nudge_settings",
                                              "greet",
                                              "help",
                                              "thanks",
                                              "unknown"};
  return names;
}

// required_reply_keys() is defined beside the handler table (handlers/registry.cpp): the keys
// come from the code that says them.

const std::vector<threshold_spec>& required_thresholds() {
  static const std::vector<threshold_spec> specs{
      {"mail_deadline_hours", 1, 24 * 14}, {"max_call_backs", 0, 10},
      {"move_on_after_days", 1, 90},       {"call_nudge_hour", 0, 23},
      {"quiet_start_hour", 0, 23},         {"quiet_end_hour", 0, 23},
      {"thank_you_nudge_hour", 0, 23},     {"interview_prep_minutes", 5, 24 * 60},
      {"decision_soon_days", 0, 14},       {"thank_you_late_hours", 1, 24 * 14},
  };
  return specs;
}

double rules::threshold(std::string_view name) const {
  auto it = thresholds.find(name);
  if (it == thresholds.end()) throw std::out_of_range("no threshold " + std::string(name));
  return it->second;
}

std::string fill_slots(std::string_view text, const slots& values) {
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '{') {
      auto close = text.find('}', i);
      if (close != std::string_view::npos) {
        auto name = text.substr(i + 1, close - i - 1);
        auto it = std::find_if(values.begin(), values.end(),
                               [&](const auto& kv) { return kv.first == name; });
        if (it != values.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

std::string rules::say(std::string_view key, std::uint64_t seed, const slots& values) const {
  auto it = replies.find(key);
  if (it == replies.end() || it->second.empty()) {
    throw std::out_of_range("no reply text for key " + std::string(key));
  }
  const auto& variants = it->second;
  return fill_slots(variants[seed % variants.size()], values);
}

namespace {
int line_of(const YAML::Node& n) {
  return n.Mark().line + 1;
}

std::optional<std::string> read_text(const fs::path& path, std::vector<rules_error>& errors) {
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (!fs::is_regular_file(path, ec) || !in) {
    errors.push_back({path.string(), 0, "file not found"});
    return std::nullopt;
  }
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::optional<YAML::Node> parse_file(const std::string& text, const std::string& file,
                                     std::vector<rules_error>& errors) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    errors.push_back({file, e.mark.line + 1, e.msg});
    return std::nullopt;
  }
}

std::vector<std::string> string_list(const YAML::Node& n, const std::string& file,
                                     const std::string& what, std::vector<rules_error>& errors) {
  std::vector<std::string> out;
  if (!n) return out;
  if (!n.IsSequence()) {
    errors.push_back({file, line_of(n), what + " must be a list of strings"});
    return out;
  }
  for (const auto& item : n) {
    if (!item.IsScalar() || item.as<std::string>().empty()) {
      errors.push_back({file, line_of(item), what + " entries must be non-empty strings"});
      continue;
    }
    out.push_back(item.as<std::string>());
  }
  return out;
}

// Flattens nested maps of reply variants into "a.b.c" keys.
void load_reply_tree(const YAML::Node& node, const std::string& prefix, const std::string& file,
                     rules& r, std::vector<rules_error>& errors) {
  for (const auto& kv : node) {
    auto name = kv.first.as<std::string>();
    auto key = prefix.empty() ? name : prefix + "." + name;
    if (kv.second.IsMap()) {
      load_reply_tree(kv.second, key, file, r, errors);
      continue;
    }
    std::vector<std::string> variants;
    if (kv.second.IsScalar()) {
      variants.push_back(kv.second.as<std::string>());
    } else {
      variants = string_list(kv.second, file, "reply '" + key + "'", errors);
    }
    if (variants.empty())
      errors.push_back({file, line_of(kv.first), "reply '" + key + "' has no text"});
    for (const auto& v : variants) {
      // An unclosed brace would print a raw "{name" to a user.
      if (std::count(v.begin(), v.end(), '{') != std::count(v.begin(), v.end(), '}')) {
        errors.push_back({file, line_of(kv.second), "reply '" + key + "' has unbalanced { }"});
      }
    }
    if (r.replies.count(key))
      errors.push_back({file, line_of(kv.first), "reply '" + key + "' defined twice"});
    r.replies[key] = std::move(variants);
  }
}

void load_replies(const std::string& text, const std::string& file, rules& r,
                  std::vector<rules_error>& errors) {
  auto doc = parse_file(text, file, errors);
  if (!doc) return;
  auto replies = (*doc)["replies"];
  if (!replies || !replies.IsMap()) {
    errors.push_back({file, line_of(*doc), "expected a top-level 'replies:' map"});
    return;
  }
  load_reply_tree(replies, "", file, r, errors);
}

void load_etiquette(const std::string& text, const std::string& file, rules& r,
                    std::vector<rules_error>& errors) {
  auto doc = parse_file(text, file, errors);
  if (!doc) return;
  auto thresholds = (*doc)["thresholds"];
  if (!thresholds || !thresholds.IsMap()) {
    errors.push_back({file, line_of(*doc), "expected a 'thresholds:' map"});
  } else {
    for (const auto& kv : thresholds) {
      auto name = kv.first.as<std::string>();
      try {
        r.thresholds[name] = kv.second.as<double>();
      } catch (const YAML::Exception&) {
        errors.push_back({file, line_of(kv.second), "threshold '" + name + "' must be a number"});
      }
    }
    for (const auto& spec : required_thresholds()) {
      auto it = r.thresholds.find(spec.name);
      if (it == r.thresholds.end()) {
        errors.push_back({file, line_of(thresholds), "missing threshold '" + spec.name + "'"});
      } else if (it->second < spec.min || it->second > spec.max) {
        errors.push_back({file, line_of(thresholds[spec.name]),
                          "threshold '" + spec.name + "' must be between " +
                              std::to_string(static_cast<long long>(spec.min)) + " and " +
                              std::to_string(static_cast<long long>(spec.max))});
      }
    }
  }
  auto advice = (*doc)["advice"];
  if (!advice || !advice.IsMap()) {
    errors.push_back({file, line_of(*doc), "expected an 'advice:' map (topic: state: [text])"});
    return;
  }
  load_reply_tree(advice, "advice", file, r, errors);
}

bool valid_draft_kind(std::string_view k) {
  return k == "thank_you" || k == "call" || k == "follow_up" || k == "rejection" || k == "offer";
}

void load_lexicon(const std::string& text, const std::string& file, rules& r,
                  std::vector<rules_error>& errors) {
  auto doc = parse_file(text, file, errors);
  if (!doc) return;
  for (const char* section : {"abbreviations", "contractions", "synonyms"}) {
    auto node = (*doc)[section];
    if (!node) continue;
    if (!node.IsMap()) {
      errors.push_back({file, line_of(node), std::string(section) + " must be a map"});
      continue;
    }
    for (const auto& kv : node) {
      auto from = kv.first.as<std::string>();
      auto to = kv.second.IsScalar() ? kv.second.as<std::string>() : std::string{};
      if (from.empty() || to.empty()) {
        errors.push_back(
            {file, line_of(kv.first), std::string(section) + " entries map a word to words"});
        continue;
      }
      r.abbreviations[from] = to;
    }
  }
  if (auto topics = (*doc)["off_topic"]) {
    if (!topics.IsMap()) {
      errors.push_back({file, line_of(topics), "off_topic must be a map (topic: [words])"});
    } else {
      for (const auto& kv : topics) {
        auto topic = kv.first.as<std::string>();
        auto words = string_list(kv.second, file, "off_topic." + topic, errors);
        if (words.empty()) continue;
        if (!r.replies.count("off_topic." + topic)) {
          errors.push_back(
              {file, line_of(kv.first),
               "off_topic '" + topic + "' has no reply off_topic." + topic + " in replies.yaml"});
        }
        for (auto& w : words) {
          std::transform(w.begin(), w.end(), w.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        }
        r.off_topic.emplace_back(topic, std::move(words));
      }
    }
  }
  if (auto kinds = (*doc)["draft_kinds"]) {
    if (!kinds.IsMap()) {
      errors.push_back({file, line_of(kinds), "draft_kinds must be a map (kind: [words])"});
    } else {
      for (const auto& kv : kinds) {
        auto kind = kv.first.as<std::string>();
        if (!valid_draft_kind(kind)) {
          errors.push_back({file, line_of(kv.first),
                            "draft_kinds: '" + kind +
                                "' is not one of thank_you, call, follow_up, rejection, offer"});
          continue;
        }
        auto words = string_list(kv.second, file, "draft_kinds." + kind, errors);
        for (auto& w : words) {
          std::transform(w.begin(), w.end(), w.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        }
        if (!words.empty()) r.draft_kinds.emplace_back(kind, std::move(words));
      }
    }
  }
  if (auto places = (*doc)["places"]) {
    if (!places.IsMap()) {
      errors.push_back({file, line_of(places), "places must be a map (place: Area/City)"});
      return;
    }
    for (const auto& kv : places) {
      auto place = kv.first.as<std::string>();
      auto zone = kv.second.IsScalar() ? kv.second.as<std::string>() : std::string{};
      if (!nlu::find_zone(zone)) {
        errors.push_back({file, line_of(kv.second),
                          "place '" + place + "': '" + zone + "' is not an IANA time zone"});
        continue;
      }
      std::transform(place.begin(), place.end(), place.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      r.places[place] = zone;
    }
  }
}

bool valid_intent_kind(std::string_view k) {
  return k == "question" || k == "report" || k == "request" || k == "social" || k == "other";
}

std::string format_number(double v) {
  auto s = std::to_string(v);
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
    bool dot = s.back() == '.';
    s.pop_back();
    if (dot) break;
  }
  return s;
}

void load_intents(const std::string& text, const std::string& file, rules& r,
                  std::vector<rules_error>& errors) {
  auto doc = parse_file(text, file, errors);
  if (!doc) return;
  auto number = [&](const YAML::Node& n, const std::string& what, double lo, double hi,
                    double& out) {
    try {
      out = n.as<double>();
    } catch (const YAML::Exception&) {
      errors.push_back({file, line_of(n), what + " must be a number"});
      return;
    }
    if (out < lo || out > hi) {
      errors.push_back(
          {file, line_of(n),
           what + " must be between " + format_number(lo) + " and " + format_number(hi)});
    }
  };
  if (auto settings = (*doc)["settings"]) {
    if (auto t = settings["confidence_threshold"]) {
      number(t, "confidence_threshold", 0, 1, r.confidence_threshold);
    }
    if (auto t = settings["temperature"]) number(t, "temperature", 0.05, 20, r.temperature);
    if (auto t = settings["also_threshold"]) number(t, "also_threshold", 0, 1, r.also_threshold);
    if (auto t = settings["off_topic_bias"]) number(t, "off_topic_bias", -5, 5, r.off_topic_bias);
    if (auto e = settings["report_evidence"]) {
      if (auto c = e["carried"]) number(c, "report_evidence.carried", 0.01, 20, r.report_carried);
      if (auto m = e["missing"]) number(m, "report_evidence.missing", 0.01, 20, r.report_missing);
    }
    if (auto acts = settings["act_evidence"]) {
      if (!acts.IsMap()) {
        errors.push_back({file, line_of(acts), "act_evidence must be a map of speech acts"});
      } else {
        for (const auto& act : acts) {
          auto act_name = act.first.as<std::string>();
          if (act_name != "question" && act_name != "statement" && act_name != "request") {
            errors.push_back({file, line_of(act.first),
                              "act_evidence: '" + act_name +
                                  "' is not a speech act (question, statement, request)"});
            continue;
          }
          if (!act.second.IsMap()) {
            errors.push_back({file, line_of(act.second),
                              "act_evidence." + act_name + " must map intent kinds to numbers"});
            continue;
          }
          for (const auto& k : act.second) {
            auto kind = k.first.as<std::string>();
            if (!valid_intent_kind(kind)) {
              errors.push_back(
                  {file, line_of(k.first),
                   "act_evidence." + act_name + ": '" + kind + "' is not an intent kind"});
              continue;
            }
            double v = 1;
            number(k.second, "act_evidence." + act_name + "." + kind, 0.01, 10, v);
            r.act_evidence[act_name][kind] = v;
          }
        }
      }
    }
  }
  auto intents = (*doc)["intents"];
  if (!intents || !intents.IsMap()) {
    errors.push_back({file, line_of(*doc), "expected a top-level 'intents:' map"});
    return;
  }
  const auto& known = known_intents();
  std::set<std::string> seen;
  for (const auto& kv : intents) {
    auto name = kv.first.as<std::string>();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      errors.push_back({file, line_of(kv.first), "unknown intent '" + name + "'"});
      continue;
    }
    if (!kv.second.IsMap()) {
      errors.push_back({file, line_of(kv.second), "intent '" + name + "' must be a map"});
      continue;
    }
    intent_rule rule;
    rule.name = name;
    if (auto d = kv.second["description"]) rule.description = d.as<std::string>();
    if (auto k = kv.second["kind"]) {
      rule.kind = k.IsScalar() ? k.as<std::string>() : std::string{};
      if (!valid_intent_kind(rule.kind)) {
        errors.push_back({file, line_of(k),
                          "intent '" + name + "': kind must be question, " +
                              "report, request, social or other"});
      }
    }
    rule.keywords = string_list(kv.second["keywords"], file, name + ".keywords", errors);
    rule.examples = string_list(kv.second["examples"], file, name + ".examples", errors);
    if (rule.examples.empty() && name != "unknown") {
      errors.push_back({file, line_of(kv.first), "intent '" + name + "' has no examples"});
    }
    seen.insert(name);
    r.intents.push_back(std::move(rule));
  }
  for (const auto& name : known) {
    if (!seen.count(name)) errors.push_back({file, 0, "missing intent '" + name + "'"});
  }
}
}  // namespace

std::optional<rules> parse_rules(const rules_texts& texts, const std::string& dir,
                                 std::vector<rules_error>& errors) {
  rules r;
  r.dir = dir;
  auto file = [&](const char* name) { return (fs::path(dir) / name).string(); };
  std::size_t before = errors.size();
  try {
    // A file that could not be read is already an error; the others are still checked.
    if (texts.replies) load_replies(*texts.replies, file("replies.yaml"), r, errors);
    if (texts.etiquette) load_etiquette(*texts.etiquette, file("etiquette.yaml"), r, errors);
    if (texts.intents) load_intents(*texts.intents, file("intents.yaml"), r, errors);
    if (texts.lexicon) load_lexicon(*texts.lexicon, file("lexicon.yaml"), r, errors);
    for (const auto& key : required_reply_keys()) {
      if (!r.replies.count(key)) {
        errors.push_back({file("replies.yaml"), 0, "missing reply '" + key + "'"});
      }
    }
  } catch (const YAML::Exception& e) {
    errors.push_back({dir, e.mark.line + 1, e.msg});
  }
  if (errors.size() != before) return std::nullopt;
  return r;
}

std::optional<rules> load_rules(const std::string& dir, std::vector<rules_error>& errors) {
  // Unreadable files are listed after the parse errors, so the first error is the first file's.
  std::vector<rules_error> unread;
  rules_texts texts;
  texts.replies = read_text(fs::path(dir) / "replies.yaml", unread);
  texts.etiquette = read_text(fs::path(dir) / "etiquette.yaml", unread);
  texts.intents = read_text(fs::path(dir) / "intents.yaml", unread);
  texts.lexicon = read_text(fs::path(dir) / "lexicon.yaml", unread);
  auto r = parse_rules(texts, dir, errors);
  if (unread.empty()) return r;
  errors.insert(errors.end(), unread.begin(), unread.end());
  return std::nullopt;
}

}  // namespace followup
