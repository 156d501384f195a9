#include "echo_canceller.h"

#include <algorithm>
#include <string>

#include "errors.h"

namespace heed {
namespace {

int IntOpt(const Napi::Object& o, const char* key, int def, int lo, int hi) {
  Napi::Value v = o.Get(key);
  if (v.IsUndefined()) return def;
  if (!v.IsNumber()) throw Napi::TypeError::New(o.Env(), std::string("EchoCanceller option '") + key + "' must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= lo && d <= hi) || d != static_cast<int>(d))
    throw Napi::RangeError::New(o.Env(), std::string("EchoCanceller option '") + key + "' must be an integer " +
                                             std::to_string(lo) + ".." + std::to_string(hi));
  return static_cast<int>(d);
}

bool IsInt16Array(const Napi::Value& v) {
  return v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_int16_array;
}

}  // namespace

Napi::Function EchoCanceller::Define(Napi::Env env) {
  return DefineClass(env, "EchoCanceller", {
    InstanceMethod<&EchoCanceller::Process>("process"),
    InstanceMethod<&EchoCanceller::Reset>("reset"),
    InstanceMethod<&EchoCanceller::Close>("close"),
    InstanceAccessor<&EchoCanceller::GetFrameSize>("frameSize"),
    InstanceAccessor<&EchoCanceller::GetSampleRate>("sampleRate"),
    InstanceAccessor<&EchoCanceller::GetFilterLength>("filterLength"),
    InstanceAccessor<&EchoCanceller::GetDelay>("delay"),
  });
}

EchoCanceller::EchoCanceller(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EchoCanceller>(info) {
  Napi::Env env = info.Env();
  if (info.Length() >= 1 && !info[0].IsUndefined()) {
    if (!info[0].IsObject()) throw Napi::TypeError::New(env, "EchoCanceller options must be an object");
    Napi::Object o = info[0].As<Napi::Object>();
    rate_ = IntOpt(o, "sampleRate", 16000, 8000, 48000);
    frame_ = IntOpt(o, "frameSize", 256, 64, 2048);
    filter_ms_ = IntOpt(o, "filterLengthMs", 250, 10, 2000);
    suppress_db_ = IntOpt(o, "residualSuppressDb", -40, -90, 0);
    suppress_active_db_ = IntOpt(o, "residualActiveSuppressDb", -15, -90, 0);
  }
  filter_len_ = std::max(frame_, static_cast<int>(static_cast<long long>(filter_ms_) * rate_ / 1000));
  Init(env);
}

EchoCanceller::~EchoCanceller() { Free(); }

void EchoCanceller::Free() {
  if (pre_ != nullptr) speex_preprocess_state_destroy(pre_);
  if (echo_ != nullptr) speex_echo_state_destroy(echo_);
  pre_ = nullptr;
  echo_ = nullptr;
}

void EchoCanceller::Init(Napi::Env env) {
  Free();
  mic_held_.clear();
  ref_held_.clear();
  out_q_.assign(static_cast<size_t>(frame_) - 1, 0);
  echo_ = speex_echo_state_init(frame_, filter_len_);
  if (echo_ == nullptr) ThrowCoded(env, "NATIVE_ERROR", "speex_echo_state_init failed");
  spx_int32_t rate = rate_;
  speex_echo_ctl(echo_, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
  pre_ = speex_preprocess_state_init(frame_, rate_);
  if (pre_ == nullptr) {
    Free();
    ThrowCoded(env, "NATIVE_ERROR", "speex_preprocess_state_init failed");
  }
  // The preprocessor is here only for its residual echo suppressor. speex applies no gain at
  // all unless "denoise" is on, so it stays on with a 0 dB noise floor: background noise is
  // left to the Denoiser, and near-end speech without echo passes unchanged (but for the echo
  // canceller's fixed DC notch, a second-order high-pass around 40 Hz).
  spx_int32_t on = 1, off = 0, noise_db = 0, echo_db = suppress_db_, active_db = suppress_active_db_;
  speex_preprocess_ctl(pre_, SPEEX_PREPROCESS_SET_DENOISE, &on);
  speex_preprocess_ctl(pre_, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &noise_db);
  speex_preprocess_ctl(pre_, SPEEX_PREPROCESS_SET_AGC, &off);
  speex_preprocess_ctl(pre_, SPEEX_PREPROCESS_SET_DEREVERB, &off);
  speex_preprocess_ctl(pre_, SPEEX_PREPROCESS_SET_ECHO_STATE, echo_);
  speex_preprocess_ctl(pre_, SPEEX_PREPROCESS_SET_ECHO_SUPPRESS, &echo_db);
  speex_preprocess_ctl(pre_, SPEEX_PREPROCESS_SET_ECHO_SUPPRESS_ACTIVE, &active_db);
  // VAD stays at its default (off): setting it, even to off, prints a warning to stderr.
}

void EchoCanceller::RequireOpen(Napi::Env env, const char* method) {
  if (closed_) ThrowCoded(env, "DECODER_STATE", std::string("EchoCanceller.") + method + "() called after close()");
  // Only after a failed reset(): Init() threw and left no state.
  if (echo_ == nullptr || pre_ == nullptr)
    ThrowCoded(env, "DECODER_STATE", std::string("EchoCanceller.") + method + "() called after a failed reset()");
}

Napi::Value EchoCanceller::Process(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "process");
  if (info.Length() < 2 || !IsInt16Array(info[0]) || !IsInt16Array(info[1]))
    throw Napi::TypeError::New(env, "EchoCanceller.process(mic, reference) expects two Int16Arrays");
  Napi::Int16Array mic = info[0].As<Napi::Int16Array>();
  Napi::Int16Array ref = info[1].As<Napi::Int16Array>();
  size_t n = mic.ElementLength();
  if (ref.ElementLength() != n)
    throw Napi::RangeError::New(env, "EchoCanceller.process(): mic has " + std::to_string(n) + " samples but reference has " +
                                         std::to_string(ref.ElementLength()) + "; they must be equal");
  const size_t f = static_cast<size_t>(frame_);
  mic_held_.insert(mic_held_.end(), mic.Data(), mic.Data() + n);
  ref_held_.insert(ref_held_.end(), ref.Data(), ref.Data() + n);
  size_t whole = (mic_held_.size() / f) * f;
  std::vector<int16_t> frame(f);
  for (size_t at = 0; at < whole; at += f) {
    speex_echo_cancellation(echo_, mic_held_.data() + at, ref_held_.data() + at, frame.data());
    speex_preprocess_run(pre_, frame.data());
    out_q_.insert(out_q_.end(), frame.begin(), frame.end());
  }
  mic_held_.erase(mic_held_.begin(), mic_held_.begin() + static_cast<std::ptrdiff_t>(whole));
  ref_held_.erase(ref_held_.begin(), ref_held_.begin() + static_cast<std::ptrdiff_t>(whole));
  // out_q_ started with frameSize - 1 samples and gains a frame per frameSize input samples,
  // so it always holds at least n.
  Napi::Int16Array out = Napi::Int16Array::New(env, n);
  std::copy(out_q_.begin(), out_q_.begin() + static_cast<std::ptrdiff_t>(n), out.Data());
  out_q_.erase(out_q_.begin(), out_q_.begin() + static_cast<std::ptrdiff_t>(n));
  return out;
}

Napi::Value EchoCanceller::Reset(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (closed_) ThrowCoded(env, "DECODER_STATE", "EchoCanceller.reset() called after close()");
  Init(env);
  return env.Undefined();
}

Napi::Value EchoCanceller::Close(const Napi::CallbackInfo& info) {
  Free();
  mic_held_.clear();
  ref_held_.clear();
  out_q_.clear();
  closed_ = true;
  return info.Env().Undefined();
}

Napi::Value EchoCanceller::GetFrameSize(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), frame_);
}

Napi::Value EchoCanceller::GetSampleRate(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), rate_);
}

Napi::Value EchoCanceller::GetFilterLength(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), filter_len_);
}

Napi::Value EchoCanceller::GetDelay(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Delay()));
}

}  // namespace heed
