// heed_native: pocketsphinx recognition (Decoder), speexdsp noise suppression (Denoiser) and
// echo cancellation (EchoCanceller), and flite synthesis for Heed.
// Context-aware: safe to load in several worker threads; no static JS references.
#include <napi.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "decoder.h"
#include "denoiser.h"
#include "echo_canceller.h"
#include "errors.h"
#include "synth.h"

namespace heed {

class HeedAddon : public Napi::Addon<HeedAddon> {
 public:
  HeedAddon(Napi::Env env, Napi::Object exports) {
    InstallSphinxLogHook();
    DefineAddon(exports, {
      InstanceValue("Decoder", Decoder::Define(env), napi_enumerable),
      InstanceValue("Denoiser", Denoiser::Define(env), napi_enumerable),
      InstanceValue("EchoCanceller", EchoCanceller::Define(env), napi_enumerable),
      InstanceMethod<&HeedAddon::ListVoices>("listVoices", napi_enumerable),
      InstanceMethod<&HeedAddon::Synthesize>("synthesize", napi_enumerable),
      InstanceMethod<&HeedAddon::Pronounce>("pronounce", napi_enumerable),
      InstanceMethod<&HeedAddon::RouteCStdoutToStderr>("routeCStdoutToStderr", napi_enumerable),
      InstanceMethod<&HeedAddon::MuteStderr>("muteStderr", napi_enumerable),
      InstanceMethod<&HeedAddon::RestoreStderr>("restoreStderr", napi_enumerable),
    });
  }

 private:
  // Sends C stdio's stdout to stderr, process-wide. Node writes process.stdout to fd 1 itself, so
  // only libraries that printf() are moved: naudiodon prints a banner per stream and PortAudio
  // status flags there, which broke `heed start --json`. glibc's stdout is an assignable variable.
  Napi::Value RouteCStdoutToStderr(const Napi::CallbackInfo& info) {
    std::fflush(stdout);
    stdout = stderr;
    return info.Env().Undefined();
  }

  // Points fd 2 at /dev/null and returns a saved copy of it (-1 if that failed) for restoreStderr.
  // For synchronous calls into chatty C libraries only (PortAudio probing every ALSA and JACK
  // device at each Pa_Initialize): nothing of Node's runs in between, so none of its output is lost.
  Napi::Value MuteStderr(const Napi::CallbackInfo& info) {
    std::fflush(stderr);
    int saved = fcntl(2, F_DUPFD_CLOEXEC, 3);
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved < 0 || devnull < 0 || dup2(devnull, 2) < 0) {
      if (saved >= 0) close(saved);
      saved = -1;
    }
    if (devnull >= 0) close(devnull);
    return Napi::Number::New(info.Env(), saved);
  }

  Napi::Value RestoreStderr(const Napi::CallbackInfo& info) {
    if (info.Length() < 1 || !info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), "restoreStderr(saved: number)");
    int saved = info[0].As<Napi::Number>().Int32Value();
    if (saved >= 0) {
      std::fflush(stderr);
      dup2(saved, 2);
      close(saved);
    }
    return info.Env().Undefined();
  }

  // Letter-to-sound pronunciation of a word (pocketsphinx phones), or null.
  Napi::Value Pronounce(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "pronounce(word: string)");
    std::string phones;
    if (!FlitePronounce(info[0].As<Napi::String>().Utf8Value(), &phones)) return env.Null();
    return Napi::String::New(env, phones);
  }

  Napi::Value ListVoices(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    const auto& voices = FliteVoices();
    Napi::Array out = Napi::Array::New(env, voices.size());
    for (uint32_t i = 0; i < voices.size(); i++) {
      Napi::Object v = Napi::Object::New(env);
      v.Set("id", voices[i].id);
      v.Set("sampleRate", voices[i].sampleRate);
      out.Set(i, v);
    }
    return out;
  }

  Napi::Value Synthesize(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 2 || !info[0].IsString() || !info[1].IsString())
      throw Napi::TypeError::New(env, "synthesize(text: string, voiceId: string)");
    std::string text = info[0].As<Napi::String>().Utf8Value();
    std::string voice = info[1].As<Napi::String>().Utf8Value();
    std::vector<int16_t> pcm;
    int rate = 0;
    switch (FliteSynthesize(text, voice, &pcm, &rate)) {
      case SynthStatus::UnknownVoice:
        ThrowCoded(env, "VOICE_UNKNOWN", "unknown flite voice '" + voice + "'");
      case SynthStatus::Failed:
        ThrowCoded(env, "TTS_FAILED", "flite failed to synthesize the text");
      case SynthStatus::Ok:
        break;
    }
    Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(env, pcm.size() * sizeof(int16_t));
    if (!pcm.empty()) std::memcpy(buf.Data(), pcm.data(), pcm.size() * sizeof(int16_t));
    Napi::Object out = Napi::Object::New(env);
    out.Set("pcm", Napi::Int16Array::New(env, pcm.size(), buf, 0));
    out.Set("sampleRate", rate);
    return out;
  }
};

}  // namespace heed

using HeedAddon = heed::HeedAddon;
NODE_API_ADDON(HeedAddon)
