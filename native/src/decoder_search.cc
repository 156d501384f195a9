// Loading and selecting searches (JSGF grammar, n-gram LM, keyphrase list) on a Decoder.
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <sphinxbase/ckd_alloc.h>
#include <sphinxbase/jsgf.h>

#include "decoder.h"
#include "errors.h"

namespace heed {
namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Words the dictionary does not know. pocketsphinx itself only logs them and fails the search
// with a generic error, so name them here.
std::vector<std::string> MissingWords(ps_decoder_t* ps, const std::vector<std::string>& words) {
  std::vector<std::string> missing;
  for (const auto& w : words) {
    char* pron = ps_lookup_word(ps, w.c_str());
    if (pron == nullptr) missing.push_back(w);
    else ckd_free(pron);
  }
  return missing;
}

[[noreturn]] void ThrowOov(Napi::Env env, ps_decoder_t* ps, const char* what, const std::vector<std::string>& missing) {
  std::string msg = std::string(what) + " uses words not in the pronunciation dictionary:";
  for (const auto& w : missing) {
    msg += " '" + w + "'";
    std::string lw = Lower(w);
    if (lw != w) {
      char* pron = ps_lookup_word(ps, lw.c_str());
      if (pron != nullptr) {
        msg += " (the dictionary has '" + lw + "'; it is case-sensitive)";
        ckd_free(pron);
      }
    }
  }
  ThrowCoded(env, "GRAMMAR_INVALID", msg);
}

struct JsgfDeleter {
  void operator()(jsgf_t* j) const { jsgf_grammar_free(j); }
};
struct FsgDeleter {
  void operator()(fsg_model_t* f) const { fsg_model_free(f); }
};

}  // namespace

void Decoder::BeforeSetSearch(Napi::Env env, const std::string& name) {
  if (name.empty()) throw Napi::TypeError::New(env, "search name must not be empty");
  // Replacing the search being decoded would free it under the running utterance.
  if (state_ == State::InUtterance && name == active_)
    ThrowCoded(env, "DECODER_STATE", "cannot replace the active search '" + name + "' during an utterance; call end() first");
  ClearSphinxLog();
}

void Decoder::AfterSetSearch(Napi::Env env, const std::string& name) {
  // pocketsphinx frees a replaced search but keeps pointing at it if it was the active one:
  // re-select it by name so the decoder uses the new one.
  if (name == active_) Activate(env, name);
}

void Decoder::AddJsgf(Napi::Env env, const std::string& name, const std::string& text) {
  BeforeSetSearch(env, name);
  ps_decoder_t* ps = ps_.get();
  // sphinxbase's lexer echoes unmatched input to stdout (flex's default rule); the header check
  // keeps the commonest case, text that is not JSGF at all, away from it.
  size_t start = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start == std::string::npos || text.compare(start, 5, "#JSGF") != 0)
    ThrowCoded(env, "GRAMMAR_INVALID", "JSGF grammar must start with a '#JSGF V1.0;' header");
  std::unique_ptr<jsgf_t, JsgfDeleter> jsgf(jsgf_parse_string(text.c_str(), nullptr));
  if (!jsgf) ThrowCoded(env, "GRAMMAR_INVALID", "JSGF grammar does not parse: " + TakeSphinxLog());
  cmd_ln_t* config = ps_get_config(ps);
  const char* toprule = cmd_ln_str_r(config, "-toprule");
  jsgf_rule_t* rule = nullptr;
  if (toprule != nullptr) {
    rule = jsgf_get_rule(jsgf.get(), toprule);
    if (rule == nullptr) ThrowCoded(env, "GRAMMAR_INVALID", std::string("JSGF grammar has no rule '") + toprule + "'");
  } else {
    rule = jsgf_get_public_rule(jsgf.get());
    if (rule == nullptr) ThrowCoded(env, "GRAMMAR_INVALID", "JSGF grammar has no public rule");
  }
  float32 lw = static_cast<float32>(cmd_ln_float_r(config, "-lw"));
  std::unique_ptr<fsg_model_t, FsgDeleter> fsg(jsgf_build_fsg(jsgf.get(), rule, ps_get_logmath(ps), lw));
  // An undefined rule reference is only logged (the rule then matches nothing): make it an error.
  std::string log = TakeSphinxLog();
  if (!fsg || log.find("ERROR:") != std::string::npos)
    ThrowCoded(env, "GRAMMAR_INVALID", "JSGF grammar could not be compiled: " + log);
  std::vector<std::string> words;
  for (int i = 0; i < fsg_model_n_word(fsg.get()); i++) words.emplace_back(fsg_model_word_str(fsg.get(), i));
  std::vector<std::string> missing = MissingWords(ps, words);
  if (!missing.empty()) ThrowOov(env, ps, "JSGF grammar", missing);
  if (ps_set_fsg(ps, name.c_str(), fsg.get()) < 0)
    ThrowCoded(env, "GRAMMAR_INVALID", "pocketsphinx rejected the grammar: " + TakeSphinxLog());
  AfterSetSearch(env, name);
}

void Decoder::AddLm(Napi::Env env, const std::string& name, const std::string& path) {
  BeforeSetSearch(env, name);
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    ThrowCoded(env, "MODEL_MISSING", "language model not found: " + path);
  if (ps_set_lm_file(ps_.get(), name.c_str(), path.c_str()) < 0)
    ThrowCoded(env, "GRAMMAR_INVALID", "pocketsphinx could not load the language model " + path + ": " + TakeSphinxLog());
  AfterSetSearch(env, name);
}

void Decoder::AddKeyphrases(Napi::Env env, const std::string& name, const std::string& text) {
  BeforeSetSearch(env, name);
  std::vector<std::string> words;
  std::istringstream lines(text);
  std::string line;
  size_t phrases = 0;
  while (std::getline(lines, line)) {
    size_t slash = line.find('/');
    std::istringstream ws(slash == std::string::npos ? line : line.substr(0, slash));
    std::string w;
    bool any = false;
    while (ws >> w) { words.push_back(w); any = true; }
    if (any) phrases++;
  }
  if (phrases == 0) ThrowCoded(env, "GRAMMAR_INVALID", "keyphrase list is empty");
  std::vector<std::string> missing = MissingWords(ps_.get(), words);
  if (!missing.empty()) ThrowOov(env, ps_.get(), "keyphrase list", missing);

  const char* tmpdir = std::getenv("TMPDIR");
  std::string tmpl = std::string(tmpdir != nullptr && tmpdir[0] != '\0' ? tmpdir : "/tmp") + "/heed-kws-XXXXXX";
  std::vector<char> path(tmpl.begin(), tmpl.end());
  path.push_back('\0');
  int fd = mkstemp(path.data());
  if (fd < 0) ThrowCoded(env, "NATIVE_ERROR", "cannot create a temporary keyphrase file in " + tmpl);
  FILE* f = fdopen(fd, "w");
  bool ok = f != nullptr && std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (f != nullptr) ok = (std::fclose(f) == 0) && ok;
  else close(fd);
  int rc = ok ? ps_set_kws(ps_.get(), name.c_str(), path.data()) : -1;
  unlink(path.data());
  if (!ok) ThrowCoded(env, "NATIVE_ERROR", "cannot write the temporary keyphrase file");
  if (rc < 0) ThrowCoded(env, "GRAMMAR_INVALID", "pocketsphinx rejected the keyphrase list: " + TakeSphinxLog());
  AfterSetSearch(env, name);
}

void Decoder::Activate(Napi::Env env, const std::string& name) {
  if (state_ == State::InUtterance)
    ThrowCoded(env, "DECODER_STATE", "cannot switch search to '" + name + "' during an utterance; call end() first");
  ClearSphinxLog();
  if (ps_set_search(ps_.get(), name.c_str()) < 0)
    ThrowCoded(env, "DECODER_STATE", "no search named '" + name + "' has been loaded");
  active_ = name;
}

}  // namespace heed
