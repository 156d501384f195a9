#include "denoiser.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "errors.h"

namespace heed {
namespace {

int IntOpt(const Napi::Object& o, const char* key, int def, int lo, int hi) {
  Napi::Value v = o.Get(key);
  if (v.IsUndefined()) return def;
  if (!v.IsNumber()) throw Napi::TypeError::New(o.Env(), std::string("Denoiser option '") + key + "' must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= lo && d <= hi) || d != static_cast<int>(d))
    throw Napi::RangeError::New(o.Env(), std::string("Denoiser option '") + key + "' must be an integer " +
                                             std::to_string(lo) + ".." + std::to_string(hi));
  return static_cast<int>(d);
}

}  // namespace

Napi::Function Denoiser::Define(Napi::Env env) {
  return DefineClass(env, "Denoiser", {
    InstanceMethod<&Denoiser::Process>("process"),
    InstanceMethod<&Denoiser::Flush>("flush"),
    InstanceMethod<&Denoiser::Reset>("reset"),
    InstanceMethod<&Denoiser::Close>("close"),
    InstanceAccessor<&Denoiser::GetFrameSize>("frameSize"),
    InstanceAccessor<&Denoiser::GetPending>("pending"),
  });
}

Denoiser::Denoiser(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Denoiser>(info) {
  Napi::Env env = info.Env();
  if (info.Length() >= 1 && !info[0].IsUndefined()) {
    if (!info[0].IsObject()) throw Napi::TypeError::New(env, "Denoiser options must be an object");
    Napi::Object o = info[0].As<Napi::Object>();
    rate_ = IntOpt(o, "sampleRate", 16000, 8000, 48000);
    frame_ = IntOpt(o, "frameSize", rate_ / 100, 64, 2048);
    suppress_db_ = IntOpt(o, "suppressDb", -15, -90, 0);
    int warm_ms = IntOpt(o, "warmupMs", 1000, 0, 60000);
    warm_frames_ = static_cast<int>(static_cast<long long>(warm_ms) * rate_ / 1000 / frame_);
  } else {
    frame_ = rate_ / 100;
    warm_frames_ = 1000 * rate_ / 1000 / frame_;
  }
  Init(env);
}

Denoiser::~Denoiser() { Free(); }

void Denoiser::Free() {
  if (st_ != nullptr) speex_preprocess_state_destroy(st_);
  st_ = nullptr;
}

void Denoiser::Init(Napi::Env env) {
  Free();
  held_.clear();
  st_ = speex_preprocess_state_init(frame_, rate_);
  if (st_ == nullptr) ThrowCoded(env, "NATIVE_ERROR", "speex_preprocess_state_init failed");
  spx_int32_t on = 1, off = 0, db = suppress_db_;
  speex_preprocess_ctl(st_, SPEEX_PREPROCESS_SET_DENOISE, &on);
  speex_preprocess_ctl(st_, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &db);
  speex_preprocess_ctl(st_, SPEEX_PREPROCESS_SET_AGC, &off);
  speex_preprocess_ctl(st_, SPEEX_PREPROCESS_SET_DEREVERB, &off);
  // VAD stays at its default (off): setting it, even to off, prints a warning to stderr.
  seen_ = 0;
}

void Denoiser::RequireOpen(Napi::Env env, const char* method) {
  if (closed_) ThrowCoded(env, "DECODER_STATE", std::string("Denoiser.") + method + "() called after close()");
}

// Processes held_ + in, whole frames only; with flush the last partial frame is zero-padded
// and its real samples returned. Output length = samples consumed.
Napi::Int16Array Denoiser::Run(Napi::Env env, const int16_t* in, size_t n, bool flush) {
  std::vector<int16_t> buf;
  buf.reserve(held_.size() + n);
  buf.insert(buf.end(), held_.begin(), held_.end());
  buf.insert(buf.end(), in, in + n);
  size_t f = static_cast<size_t>(frame_);
  size_t whole = (buf.size() / f) * f;
  size_t outLen = flush ? buf.size() : whole;
  Napi::Int16Array out = Napi::Int16Array::New(env, outLen);
  std::vector<int16_t> frame(f), orig(f);
  const long long fade = 10;  // frames of crossfade after the warm-up
  for (size_t at = 0; at < outLen; at += f) {
    size_t take = std::min(f, buf.size() - at);
    std::fill(frame.begin(), frame.end(), 0);
    std::memcpy(frame.data(), buf.data() + at, take * sizeof(int16_t));
    orig = frame;
    speex_preprocess_run(st_, frame.data());
    long long k = seen_++ - warm_frames_;
    if (k < fade) {  // warm-up: mostly or only the input
      float w = k < 0 ? 0.0f : static_cast<float>(k + 1) / static_cast<float>(fade + 1);
      for (size_t i = 0; i < f; i++) frame[i] = static_cast<int16_t>(std::lrint(orig[i] + w * (frame[i] - orig[i])));
    }
    std::memcpy(out.Data() + at, frame.data(), take * sizeof(int16_t));
  }
  held_.assign(buf.begin() + static_cast<std::ptrdiff_t>(outLen), buf.end());
  return out;
}

Napi::Value Denoiser::Process(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "process");
  if (info.Length() < 1 || !info[0].IsTypedArray() ||
      info[0].As<Napi::TypedArray>().TypedArrayType() != napi_int16_array)
    throw Napi::TypeError::New(env, "Denoiser.process() expects an Int16Array");
  Napi::Int16Array pcm = info[0].As<Napi::Int16Array>();
  return Run(env, pcm.Data(), pcm.ElementLength(), false);
}

Napi::Value Denoiser::Flush(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "flush");
  return Run(env, nullptr, 0, true);
}

Napi::Value Denoiser::Reset(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "reset");
  Init(env);
  return env.Undefined();
}

Napi::Value Denoiser::Close(const Napi::CallbackInfo& info) {
  Free();
  held_.clear();
  closed_ = true;
  return info.Env().Undefined();
}

Napi::Value Denoiser::GetFrameSize(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), frame_);
}

Napi::Value Denoiser::GetPending(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(held_.size()));
}

}  // namespace heed
