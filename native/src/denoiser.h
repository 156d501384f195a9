// Denoiser: speexdsp's preprocessor (spectral noise suppression) over a 16-bit mono stream.
// Its noise estimate adapts continuously, so one Denoiser should see a whole live stream;
// reset() forgets the estimate. Input of any length is accepted: samples are processed in
// fixed frames and a partial frame is held back until the next call (or flush()).
#pragma once

#include <napi.h>

#include <vector>

#include <speex/speex_preprocess.h>

namespace heed {

class Denoiser : public Napi::ObjectWrap<Denoiser> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit Denoiser(const Napi::CallbackInfo& info);
  ~Denoiser() override;

 private:
  Napi::Value Process(const Napi::CallbackInfo& info);
  Napi::Value Flush(const Napi::CallbackInfo& info);
  Napi::Value Reset(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value GetFrameSize(const Napi::CallbackInfo& info);
  Napi::Value GetPending(const Napi::CallbackInfo& info);

  void Init(Napi::Env env);
  void Free();
  void RequireOpen(Napi::Env env, const char* method);
  Napi::Int16Array Run(Napi::Env env, const int16_t* in, size_t n, bool flush);

  SpeexPreprocessState* st_ = nullptr;
  bool closed_ = false;
  int frame_ = 160;
  int rate_ = 16000;
  int suppress_db_ = -15;
  // Warm-up: the first warm_frames_ frames after init/reset pass through unchanged (speex
  // still adapts on them), then the output crossfades to the denoised signal.
  int warm_frames_ = 100;
  long long seen_ = 0;
  std::vector<int16_t> held_;  // samples of an incomplete frame
};

}  // namespace heed
