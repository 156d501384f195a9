// Decoder: one pocketsphinx decoder per JS object. Not shared between threads.
#pragma once

#include <napi.h>

#include <memory>
#include <string>

#include <pocketsphinx.h>

namespace heed {

struct PsDeleter {
  void operator()(ps_decoder_t* ps) const { ps_free(ps); }
};

class Decoder : public Napi::ObjectWrap<Decoder> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit Decoder(const Napi::CallbackInfo& info);

 private:
  enum class State { Idle, InUtterance, Closed };

  Napi::Value Start(const Napi::CallbackInfo& info);
  Napi::Value Process(const Napi::CallbackInfo& info);
  Napi::Value End(const Napi::CallbackInfo& info);
  Napi::Value SetJsgf(const Napi::CallbackInfo& info);
  Napi::Value SetLm(const Napi::CallbackInfo& info);
  Napi::Value SetKeyphrases(const Napi::CallbackInfo& info);
  Napi::Value UseSearch(const Napi::CallbackInfo& info);
  Napi::Value LookupWord(const Napi::CallbackInfo& info);
  Napi::Value AddWord(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value GetSearch(const Napi::CallbackInfo& info);
  Napi::Value GetInUtterance(const Napi::CallbackInfo& info);

  void RequireOpen(Napi::Env env, const char* method);
  void BeforeSetSearch(Napi::Env env, const std::string& name);
  void AfterSetSearch(Napi::Env env, const std::string& name);
  void AddJsgf(Napi::Env env, const std::string& name, const std::string& text);
  void AddLm(Napi::Env env, const std::string& name, const std::string& path);
  void AddKeyphrases(Napi::Env env, const std::string& name, const std::string& text);
  void Activate(Napi::Env env, const std::string& name);

  std::unique_ptr<ps_decoder_t, PsDeleter> ps_;
  State state_ = State::Idle;
  std::string active_;  // name of the selected search, "" if none
  int frame_ms_ = 10;
};

}  // namespace heed
