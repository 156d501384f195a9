#include "decoder.h"

#include <sys/stat.h>

#include <algorithm>
#include <vector>

#include <sphinxbase/ckd_alloc.h>

#include "errors.h"

namespace heed {
namespace {

bool IsDir(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool IsFile(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// pocketsphinx exits the process (E_FATAL) on several missing model files, so check first.
void CheckModel(Napi::Env env, const std::string& hmm, const std::string& dict) {
  if (!IsDir(hmm)) ThrowCoded(env, "MODEL_MISSING", "acoustic model directory not found: " + hmm);
  for (const char* f : {"mdef", "means", "variances", "transition_matrices"}) {
    std::string p = hmm + "/" + f;
    if (!IsFile(p)) ThrowCoded(env, "MODEL_MISSING", "acoustic model file not found: " + p);
  }
  if (!IsFile(hmm + "/sendump") && !IsFile(hmm + "/mixture_weights"))
    ThrowCoded(env, "MODEL_MISSING", "acoustic model file not found: " + hmm + "/mixture_weights (or sendump)");
  if (!IsFile(dict)) ThrowCoded(env, "MODEL_MISSING", "pronunciation dictionary not found: " + dict);
}

std::string OptString(const Napi::Object& o, const char* key, bool required) {
  Napi::Value v = o.Get(key);
  if (v.IsString()) return v.As<Napi::String>().Utf8Value();
  if (v.IsUndefined() || v.IsNull()) {
    if (required) throw Napi::TypeError::New(o.Env(), std::string("Decoder option '") + key + "' (string) is required");
    return "";
  }
  throw Napi::TypeError::New(o.Env(), std::string("Decoder option '") + key + "' must be a string");
}

std::string ArgString(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsString())
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a string");
  return info[i].As<Napi::String>().Utf8Value();
}

// Silence, sentence markers, fillers ([NOISE], +NSN+) and "(NULL)": with -bestpath, grammar
// searches put the FSG's null transitions into the lattice as the word "(NULL)".
bool IsNonWord(const char* w) {
  return w[0] == '<' || w[0] == '[' || w[0] == '+' || w[0] == '(' || w[0] == '\0';
}

// The hypothesis text without "(NULL)" tokens, single-spaced.
std::string CleanHyp(const char* hyp) {
  std::string out;
  if (hyp == nullptr) return out;
  std::string s(hyp);
  size_t i = 0;
  while (i < s.size()) {
    size_t b = s.find_first_not_of(" \t\n", i);
    if (b == std::string::npos) break;
    size_t e = s.find_first_of(" \t\n", b);
    if (e == std::string::npos) e = s.size();
    std::string tok = s.substr(b, e - b);
    if (tok != "(NULL)") out += (out.empty() ? "" : " ") + tok;
    i = e;
  }
  return out;
}

// "the(2)" -> "the": alternate pronunciations carry a suffix in segment words.
std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\n");
  return s.substr(b, e - b + 1);
}

std::string BaseWord(const char* w) {
  std::string s = Trim(w);
  size_t p = s.find('(');
  if (p != std::string::npos && p > 0 && s.back() == ')') s.erase(p);
  return s;
}

double Clamp01(double v) { return v < 0 ? 0 : (v > 1 ? 1 : v); }

}  // namespace

Napi::Function Decoder::Define(Napi::Env env) {
  return DefineClass(env, "Decoder", {
    InstanceMethod<&Decoder::Start>("start"),
    InstanceMethod<&Decoder::Process>("process"),
    InstanceMethod<&Decoder::End>("end"),
    InstanceMethod<&Decoder::SetJsgf>("setJsgf"),
    InstanceMethod<&Decoder::SetLm>("setLm"),
    InstanceMethod<&Decoder::SetKeyphrases>("setKeyphrases"),
    InstanceMethod<&Decoder::UseSearch>("useSearch"),
    InstanceMethod<&Decoder::LookupWord>("lookupWord"),
    InstanceMethod<&Decoder::AddWord>("addWord"),
    InstanceMethod<&Decoder::Close>("close"),
    InstanceAccessor<&Decoder::GetSearch>("search"),
    InstanceAccessor<&Decoder::GetInUtterance>("inUtterance"),
  });
}

Decoder::Decoder(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Decoder>(info) {
  Napi::Env env = info.Env();
  InstallSphinxLogHook();
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(env, "Decoder options object is required");
  Napi::Object o = info[0].As<Napi::Object>();
  std::string hmm = OptString(o, "hmm", true);
  std::string dict = OptString(o, "dict", true);
  std::string jsgf = OptString(o, "jsgf", false);
  std::string lm = OptString(o, "lm", false);
  std::string kws = OptString(o, "keyphrases", false);
  double rate = 16000;
  Napi::Value sr = o.Get("sampleRate");
  if (!sr.IsUndefined()) {
    if (!sr.IsNumber()) throw Napi::TypeError::New(env, "Decoder option 'sampleRate' must be a number");
    rate = sr.As<Napi::Number>().DoubleValue();
    if (!(rate >= 8000 && rate <= 48000)) throw Napi::RangeError::New(env, "Decoder option 'sampleRate' must be 8000..48000");
  }
  CheckModel(env, hmm, dict);
  if (!lm.empty() && !IsFile(lm)) ThrowCoded(env, "MODEL_MISSING", "language model not found: " + lm);

  std::vector<std::string> args = {"-hmm", hmm, "-dict", dict, "-samprate", std::to_string(static_cast<int>(rate))};
  Napi::Value extra = o.Get("args");
  if (extra.IsObject()) {
    Napi::Object eo = extra.As<Napi::Object>();
    Napi::Array keys = eo.GetPropertyNames();
    for (uint32_t i = 0; i < keys.Length(); i++) {
      std::string k = keys.Get(i).ToString().Utf8Value();
      Napi::Value v = eo.Get(k);
      if (!v.IsString()) throw Napi::TypeError::New(env, "Decoder option args['" + k + "'] must be a string");
      args.push_back(k.empty() || k[0] != '-' ? "-" + k : k);
      args.push_back(v.As<Napi::String>().Utf8Value());
    }
  } else if (!extra.IsUndefined()) {
    throw Napi::TypeError::New(env, "Decoder option 'args' must be an object of strings");
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());

  ClearSphinxLog();
  cmd_ln_t* config = cmd_ln_parse_r(nullptr, ps_args(), static_cast<int32>(argv.size()), argv.data(), TRUE);
  if (config == nullptr) ThrowCoded(env, "NATIVE_ERROR", "pocketsphinx rejected the decoder arguments: " + TakeSphinxLog());
  ps_.reset(ps_init(config));
  if (ps_) frame_ms_ = std::max(1, 1000 / std::max(1, static_cast<int>(cmd_ln_int_r(config, "-frate"))));
  cmd_ln_free_r(config);
  if (!ps_) ThrowCoded(env, "NATIVE_ERROR", "pocketsphinx failed to initialise: " + TakeSphinxLog());

  if (!jsgf.empty()) AddJsgf(env, "jsgf", jsgf);
  if (!kws.empty()) AddKeyphrases(env, "keyphrases", kws);
  if (!lm.empty()) AddLm(env, "lm", lm);
  if (!jsgf.empty()) Activate(env, "jsgf");
  else if (!kws.empty()) Activate(env, "keyphrases");
  else if (!lm.empty()) Activate(env, "lm");
}

void Decoder::RequireOpen(Napi::Env env, const char* method) {
  if (state_ == State::Closed) ThrowCoded(env, "DECODER_STATE", std::string(method) + "() called after close()");
}

Napi::Value Decoder::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "start");
  if (state_ == State::InUtterance) ThrowCoded(env, "DECODER_STATE", "start() called during an utterance; call end() first");
  if (active_.empty()) ThrowCoded(env, "DECODER_STATE", "start() called with no search selected; set a grammar, LM or keyphrases first");
  ClearSphinxLog();
  // Word times are relative to the stream start: restart it so they are per utterance.
  if (ps_start_stream(ps_.get()) < 0 || ps_start_utt(ps_.get()) < 0) ThrowCoded(env, "NATIVE_ERROR", "ps_start_utt failed: " + TakeSphinxLog());
  state_ = State::InUtterance;
  return env.Undefined();
}

Napi::Value Decoder::Process(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "process");
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_int16_array)
    throw Napi::TypeError::New(env, "process() expects an Int16Array");
  if (state_ != State::InUtterance) ThrowCoded(env, "DECODER_STATE", "process() called before start()");
  Napi::Int16Array pcm = info[0].As<Napi::Int16Array>();
  ClearSphinxLog();
  if (pcm.ElementLength() > 0 &&
      ps_process_raw(ps_.get(), pcm.Data(), pcm.ElementLength(), FALSE, FALSE) < 0)
    ThrowCoded(env, "NATIVE_ERROR", "ps_process_raw failed: " + TakeSphinxLog());
  int32 score = 0;
  const char* hyp = ps_get_hyp(ps_.get(), &score);
  std::string text = CleanHyp(hyp);
  if (text.empty()) return env.Null();
  Napi::Object out = Napi::Object::New(env);
  out.Set("text", text);
  out.Set("score", score);
  return out;
}

Napi::Value Decoder::End(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "end");
  if (state_ != State::InUtterance) ThrowCoded(env, "DECODER_STATE", "end() called without a started utterance");
  state_ = State::Idle;
  ClearSphinxLog();
  if (ps_end_utt(ps_.get()) < 0) ThrowCoded(env, "NATIVE_ERROR", "ps_end_utt failed: " + TakeSphinxLog());
  ps_decoder_t* ps = ps_.get();
  int32 score = 0;
  const char* hyp = ps_get_hyp(ps, &score);
  std::string text = CleanHyp(hyp);
  logmath_t* lmath = ps_get_logmath(ps);
  double confidence = text.empty() ? 0.0 : Clamp01(logmath_exp(lmath, ps_get_prob(ps)));

  Napi::Array words = Napi::Array::New(env);
  uint32_t n = 0;
  if (!text.empty()) {
    for (ps_seg_t* seg = ps_seg_iter(ps); seg != nullptr; seg = ps_seg_next(seg)) {
      const char* w = ps_seg_word(seg);
      if (w == nullptr || IsNonWord(w)) continue;
      int sf = 0, ef = 0;
      ps_seg_frames(seg, &sf, &ef);
      int32 ascr = 0, lscr = 0, lback = 0;
      int32 prob = ps_seg_prob(seg, &ascr, &lscr, &lback);
      Napi::Object wo = Napi::Object::New(env);
      wo.Set("word", BaseWord(w));
      wo.Set("startMs", sf * frame_ms_);
      wo.Set("endMs", (ef + 1) * frame_ms_);
      wo.Set("confidence", Clamp01(logmath_exp(lmath, prob)));
      words.Set(n++, wo);
    }
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("text", text);
  out.Set("score", score);
  out.Set("confidence", confidence);
  out.Set("words", words);
  return out;
}

Napi::Value Decoder::SetJsgf(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env(), "setJsgf");
  AddJsgf(info.Env(), ArgString(info, 0, "search name"), ArgString(info, 1, "JSGF text"));
  return info.Env().Undefined();
}

Napi::Value Decoder::SetLm(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env(), "setLm");
  AddLm(info.Env(), ArgString(info, 0, "search name"), ArgString(info, 1, "LM path"));
  return info.Env().Undefined();
}

Napi::Value Decoder::SetKeyphrases(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env(), "setKeyphrases");
  AddKeyphrases(info.Env(), ArgString(info, 0, "search name"), ArgString(info, 1, "keyphrase list"));
  return info.Env().Undefined();
}

Napi::Value Decoder::UseSearch(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env(), "useSearch");
  Activate(info.Env(), ArgString(info, 0, "search name"));
  return info.Env().Undefined();
}

Napi::Value Decoder::LookupWord(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env(), "lookupWord");
  std::string w = ArgString(info, 0, "word");
  char* pron = ps_lookup_word(ps_.get(), w.c_str());
  if (pron == nullptr) return info.Env().Null();
  Napi::String out = Napi::String::New(info.Env(), pron);
  ckd_free(pron);
  return out;
}

// Adds a word with its phones (e.g. "Z AO R B AH L") to the dictionary, for searches made after.
Napi::Value Decoder::AddWord(const Napi::CallbackInfo& info) {
  RequireOpen(info.Env(), "addWord");
  if (state_ == State::InUtterance) ThrowCoded(info.Env(), "DECODER_STATE", "addWord() during an utterance; call end() first");
  std::string w = ArgString(info, 0, "word");
  std::string phones = ArgString(info, 1, "phones");
  if (ps_add_word(ps_.get(), w.c_str(), phones.c_str(), FALSE) < 0)
    ThrowCoded(info.Env(), "NATIVE_ERROR", "pocketsphinx refused the word '" + w + "' with phones '" + phones + "'");
  return info.Env().Undefined();
}

Napi::Value Decoder::Close(const Napi::CallbackInfo& info) {
  ps_.reset();
  state_ = State::Closed;
  active_.clear();
  return info.Env().Undefined();
}

Napi::Value Decoder::GetSearch(const Napi::CallbackInfo& info) {
  if (active_.empty()) return info.Env().Null();
  return Napi::String::New(info.Env(), active_);
}

Napi::Value Decoder::GetInUtterance(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), state_ == State::InUtterance);
}

}  // namespace heed
