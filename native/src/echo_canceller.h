// EchoCanceller: speexdsp's MDF acoustic echo canceller plus its preprocessor's residual echo
// suppressor over a 16-bit mono microphone stream and the playback reference (what the
// speaker played). Both adapt continuously, so one EchoCanceller belongs to one live
// mic/speaker pair; reset() forgets the adaptation.
//
// process(mic, reference) takes equal-length chunks of any length, works on whole frames
// internally and returns exactly as many samples as it was given, at a constant latency of
// delay() = 2 * frameSize - 1 samples: frameSize - 1 for collecting whole frames, plus one
// frame that speex's preprocessor (a weighted overlap-add) always adds. The first delay()
// output samples of a stream are silence.
#pragma once

#include <napi.h>

#include <deque>
#include <vector>

#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

namespace heed {

class EchoCanceller : public Napi::ObjectWrap<EchoCanceller> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit EchoCanceller(const Napi::CallbackInfo& info);
  ~EchoCanceller() override;

 private:
  Napi::Value Process(const Napi::CallbackInfo& info);
  Napi::Value Reset(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value GetFrameSize(const Napi::CallbackInfo& info);
  Napi::Value GetSampleRate(const Napi::CallbackInfo& info);
  Napi::Value GetFilterLength(const Napi::CallbackInfo& info);
  Napi::Value GetDelay(const Napi::CallbackInfo& info);

  void Init(Napi::Env env);
  void Free();
  void RequireOpen(Napi::Env env, const char* method);
  size_t Delay() const { return 2 * static_cast<size_t>(frame_) - 1; }

  SpeexEchoState* echo_ = nullptr;
  SpeexPreprocessState* pre_ = nullptr;
  bool closed_ = false;
  int rate_ = 16000;
  int frame_ = 256;
  int filter_ms_ = 250;
  int filter_len_ = 4000;  // samples
  int suppress_db_ = -40;
  int suppress_active_db_ = -15;
  std::vector<int16_t> mic_held_;  // samples of an incomplete frame
  std::vector<int16_t> ref_held_;
  std::deque<int16_t> out_q_;  // processed samples not yet returned (starts with frameSize - 1 zeros)
};

}  // namespace heed
