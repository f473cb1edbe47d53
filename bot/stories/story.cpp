#include "bot/stories/story.hpp"

#include <fstream>
#include <iterator>

#include <yaml-cpp/yaml.h>

namespace followup {

namespace {

nlohmann::json to_json(const YAML::Node& n) {
  if (n.IsSequence()) {
    auto a = nlohmann::json::array();
    for (const auto& item : n) a.push_back(to_json(item));
    return a;
  }
  if (n.IsMap()) {
    auto o = nlohmann::json::object();
    for (const auto& kv : n) o[kv.first.as<std::string>()] = to_json(kv.second);
    return o;
  }
  if (n.IsNull()) return nullptr;
  // Scalars: numbers and booleans as such, unless quoted in the file.
  auto text = n.as<std::string>();
  if (n.Tag() != "!") {
    if (text == "true") return true;
    if (text == "false") return false;
    if (text == "null" || text == "~") return nullptr;
    try {
      std::size_t used = 0;
      auto i = std::stoll(text, &used);
      if (used == text.size()) return i;
      auto d = std::stod(text, &used);
      if (used == text.size()) return d;
    } catch (const std::exception&) {
    }
  }
  return text;
}

std::vector<std::string> strings(const YAML::Node& n) {
  std::vector<std::string> out;
  if (!n) return out;
  if (n.IsScalar()) {
    out.push_back(n.as<std::string>());
    return out;
  }
  for (const auto& item : n) out.push_back(item.as<std::string>());
  return out;
}

}  // namespace

std::optional<std::vector<story>> load_stories(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read the file";
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_stories(text, path, error);
}

std::optional<std::vector<story>> parse_stories(const std::string& text, const std::string& path,
                                                std::string& error) {
  YAML::Node doc;
  try {
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    error = path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg;
    return std::nullopt;
  }
  // Indexing a scalar or a list by key throws: a file that is not a map is just malformed.
  YAML::Node list;
  if (doc.IsMap()) list = doc["stories"];
  if (!list || !list.IsSequence()) {
    error = path + ": expected a top-level 'stories:' list";
    return std::nullopt;
  }
  std::vector<story> out;
  try {
    for (const auto& s : list) {
      story st;
      st.line = s.Mark().line + 1;
      st.name =
          s["name"] ? s["name"].as<std::string>() : "story at line " + std::to_string(st.line);
      if (s["timezone"]) st.timezone = s["timezone"].as<std::string>();
      if (!s["start"]) {
        error = path + ":" + std::to_string(st.line) + ": story '" + st.name + "' has no start";
        return std::nullopt;
      }
      st.start = s["start"].as<std::string>();
      for (const auto& step : s["steps"]) {
        story_step x;
        x.line = step.Mark().line + 1;
        if (step["user"]) x.user = step["user"].as<std::string>();
        if (step["wait"]) x.wait = step["wait"].as<std::string>();
        if (step["until"]) x.until = step["until"].as<std::string>();
        if (step["restart"]) x.restart = step["restart"].as<bool>();
        if (step["down"]) x.down = step["down"].as<std::string>();
        if (step["state"]) x.state = to_json(step["state"]);
        if (step["intent"]) x.intent = step["intent"].as<std::string>();
        x.reply = strings(step["reply"]);
        x.reply_lacks = strings(step["reply_lacks"]);
        if (step["nudges"]) x.nudges = strings(step["nudges"]);
        if (step["nudges_include"]) x.nudges_include = strings(step["nudges_include"]);
        int actions = (x.user ? 1 : 0) + (x.wait ? 1 : 0) + (x.until ? 1 : 0) +
                      (x.restart ? 1 : 0) + (x.down ? 1 : 0);
        if (actions > 1) {
          error =
              path + ":" + std::to_string(x.line) + ": a step does one of user/wait/until/restart";
          return std::nullopt;
        }
        st.steps.push_back(std::move(x));
      }
      out.push_back(std::move(st));
    }
  } catch (const YAML::Exception& e) {
    error = path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg;
    return std::nullopt;
  }
  return out;
}

}  // namespace followup
