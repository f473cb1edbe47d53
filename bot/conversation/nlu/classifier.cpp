#include "bot/conversation/nlu/classifier.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string_view>

namespace followup::nlu {
namespace {

constexpr std::uint64_t fnv_offset = 1469598103934665603ULL;
constexpr std::uint64_t fnv_prime = 1099511628211ULL;

std::uint64_t mix(std::uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= fnv_prime;
  }
  return h;
}

bool is_marker(const std::string& t) {
  return !t.empty() && t.front() == '<';
}

// One insertion, deletion, substitution or adjacent transposition apart.
bool one_edit_apart(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > 1) return false;
  std::size_t i = 0;
  while (i < b.size() && a[i] == b[i]) ++i;
  if (a.size() != b.size()) return a.substr(i + 1) == b.substr(i);
  if (i == a.size()) return false;
  if (a.substr(i + 1) == b.substr(i + 1)) return true;
  return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
         a.substr(i + 2) == b.substr(i + 2);
}

}  // namespace

text_classifier::options text_classifier::options::from_env() {
  options o;
  auto get = [](const char* name, double fallback) {
    const char* v = std::getenv(name);
    return v ? std::atof(v) : fallback;
  };
  o.epochs = static_cast<int>(get("FOLLOWUP_NLU_EPOCHS", o.epochs));
  o.learning_rate = get("FOLLOWUP_NLU_LR", o.learning_rate);
  o.l2 = get("FOLLOWUP_NLU_L2", o.l2);
  o.char_weight = get("FOLLOWUP_NLU_CHAR", o.char_weight);
  o.bigram_weight = get("FOLLOWUP_NLU_BIGRAM", o.bigram_weight);
  o.class_balance = get("FOLLOWUP_NLU_BALANCE", o.class_balance);
  return o;
}

text_classifier::sparse text_classifier::featurize(
    const weighted_words& text, std::unordered_map<std::uint64_t, std::uint32_t>* grow) const {
  // A flat list, sorted and merged at the end: cheaper than a hash map for ~100 features.
  sparse out;
  const auto& tokens = text.words;
  out.reserve(32 + tokens.size() * 16);
  auto add = [&](std::uint64_t h, float v) {
    if (grow) {
      auto it = grow->try_emplace(h, static_cast<std::uint32_t>(grow->size())).first;
      out.emplace_back(it->second, v);
      return;
    }
    auto it = index_.find(h);
    if (it != index_.end()) out.emplace_back(it->second, v);
  };
  add(mix(fnv_offset, "<bias>"), 1.0f);
  const std::uint64_t word_seed = mix(fnv_offset, "w:");
  const std::uint64_t bigram_seed = mix(fnv_offset, "b:");
  const std::uint64_t char_seed = mix(fnv_offset, "c:");
  std::string padded;
  std::size_t begin = 0;
  for (const auto& seg : text.segments) {
    const std::size_t end = std::min<std::size_t>(seg.end, tokens.size());
    const float w = seg.weight;
    for (std::size_t i = begin; i < end; ++i) {
      const auto& t = tokens[i];
      add(mix(word_seed, t), w);
      if (i + 1 < end) {
        add(mix(mix(mix(bigram_seed, t), " "), tokens[i + 1]),
            w * static_cast<float>(opts_.bigram_weight));
      }
      if (is_marker(t) || t.size() < 3) continue;
      padded.assign(1, '^');
      padded += t;
      padded += '$';
      for (std::size_t n = 3; n <= 5; ++n) {
        for (std::size_t s = 0; s + n <= padded.size(); ++s) {
          add(mix(char_seed, std::string_view(padded).substr(s, n)),
              w * static_cast<float>(opts_.char_weight));
        }
      }
    }
    begin = std::max(begin, end);
  }
  std::sort(out.begin(), out.end());
  std::size_t w = 0;
  for (std::size_t r = 0; r < out.size(); ++r) {
    if (w > 0 && out[w - 1].first == out[r].first) {
      out[w - 1].second += out[r].second;
    } else {
      out[w++] = out[r];
    }
  }
  out.resize(w);
  double norm = 0;
  for (auto& [f, v] : out) norm += static_cast<double>(v) * v;
  norm = std::sqrt(norm);
  if (norm > 0) {
    for (auto& [f, v] : out) v = static_cast<float>(v / norm);
  }
  return out;
}

void text_classifier::train(const std::vector<weighted_words>& docs, const std::vector<int>& labels,
                            int classes, const options& opts) {
  opts_ = opts;
  classes_ = classes;
  index_.clear();
  std::vector<sparse> xs;
  xs.reserve(docs.size());
  for (const auto& d : docs) xs.push_back(featurize(d, &index_));
  weights_.assign(index_.size() * classes_, 0.0f);
  bias_.assign(classes_, 0.0f);

  std::vector<double> class_weight(static_cast<std::size_t>(classes), 1.0);
  {
    std::vector<double> count(static_cast<std::size_t>(classes), 0.0);
    for (int l : labels) count[static_cast<std::size_t>(l)] += 1;
    double mean = static_cast<double>(labels.size()) / classes;
    for (std::size_t c = 0; c < count.size(); ++c) {
      if (count[c] > 0) class_weight[c] = std::pow(mean / count[c], opts.class_balance);
    }
  }
  std::vector<std::size_t> order(docs.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(opts.seed);
  std::vector<double> p(classes_);
  for (int epoch = 0; epoch < opts.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    double lr = opts.learning_rate / (1.0 + 0.1 * epoch);
    for (auto i : order) {
      const auto& x = xs[i];
      for (int c = 0; c < classes_; ++c) p[c] = bias_[c];
      for (const auto& [f, v] : x) {
        const float* w = &weights_[static_cast<std::size_t>(f) * classes_];
        for (int c = 0; c < classes_; ++c) p[c] += w[c] * v;
      }
      double mx = *std::max_element(p.begin(), p.end());
      double sum = 0;
      for (auto& z : p) sum += (z = std::exp(z - mx));
      const double weight = class_weight[static_cast<std::size_t>(labels[i])];
      for (int c = 0; c < classes_; ++c) {
        double g = (p[c] / sum - (c == labels[i] ? 1.0 : 0.0)) * weight;
        p[c] = g;
        bias_[c] -= static_cast<float>(lr * g * 0.1);
      }
      for (const auto& [f, v] : x) {
        float* w = &weights_[static_cast<std::size_t>(f) * classes_];
        for (int c = 0; c < classes_; ++c) {
          w[c] -= static_cast<float>(lr * (p[c] * v + opts.l2 * w[c]));
        }
      }
    }
  }
}

std::vector<double> text_classifier::scores(const weighted_words& text) const {
  auto x = featurize(text, nullptr);
  std::vector<double> z(bias_.begin(), bias_.end());
  for (const auto& [f, v] : x) {
    const float* w = &weights_[static_cast<std::size_t>(f) * classes_];
    for (int c = 0; c < classes_; ++c) z[c] += w[c] * v;
  }
  return z;
}

void spelling::add(const std::string& word) {
  if (word.empty() || is_marker(word)) return;
  if (counts_[word]++ > 0 || word.size() < 3) return;  // short words: known, never a correction
  for (std::size_t i = 0; i < word.size(); ++i) {
    auto d = word;
    d.erase(i, 1);
    deletes_[d].push_back(word);
  }
}

std::string spelling::correct(const std::string& word) const {
  if (word.size() < 4 || is_marker(word) || counts_.count(word)) return word;
  if (std::any_of(word.begin(), word.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    return word;
  }
  const std::string* best = nullptr;
  int best_count = 0;
  auto consider = [&](const std::string& candidate) {
    auto it = counts_.find(candidate);
    if (it == counts_.end() || !one_edit_apart(word, candidate)) return;
    if (it->second > best_count || (it->second == best_count && best && candidate < *best)) {
      best = &it->first;
      best_count = it->second;
    }
  };
  // Insertion in the typo (typo minus one letter is a word).
  for (std::size_t i = 0; i < word.size(); ++i) {
    auto d = word;
    d.erase(i, 1);
    consider(d);
    // Substitution or transposition: both sides minus one letter meet in the deletes index.
    if (auto it = deletes_.find(d); it != deletes_.end()) {
      for (const auto& w : it->second) {
        if (w.size() == word.size()) consider(w);
      }
    }
  }
  // Deletion in the typo (a word minus one letter is the typo).
  if (auto it = deletes_.find(word); it != deletes_.end()) {
    for (const auto& w : it->second) consider(w);
  }
  // Adjacent transposition, which the deletes index only sometimes finds.
  for (std::size_t i = 0; i + 1 < word.size(); ++i) {
    auto t = word;
    std::swap(t[i], t[i + 1]);
    consider(t);
  }
  return best ? *best : word;
}

}  // namespace followup::nlu
