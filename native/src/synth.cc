#include "synth.h"

#include <csetjmp>
#include <cctype>
#include <mutex>

#include <flite/flite.h>

extern "C" {
cst_voice* register_cmu_us_rms(const char* voxdir);
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_awb(const char* voxdir);
cst_voice* register_cmu_us_kal(const char* voxdir);
cst_voice* register_cmu_us_kal16(const char* voxdir);
cst_lexicon* cmu_lex_init(void);
}

namespace heed {
namespace {

struct Voice {
  VoiceInfo info;
  cst_voice* voice;
};

std::once_flag g_init_once;
std::mutex g_synth_mutex;  // flite keeps global state; one synthesis at a time per process
std::vector<Voice> g_voices;
std::vector<VoiceInfo> g_infos;

// flite's cst_error() exits the process unless cst_errjmp is set; turn it into a failure.
// Plain C-style frame: nothing with a destructor lives here across setjmp/longjmp.
cst_wave* GuardedTextToWave(const char* text, cst_voice* voice) {
  jmp_buf jb;
  cst_wave* volatile wave = nullptr;
  cst_errjmp = &jb;
  if (setjmp(jb) == 0) wave = flite_text_to_wave(text, voice);
  cst_errjmp = nullptr;
  return wave;
}

void InitFlite() {
  flite_init();
  struct Entry {
    const char* id;
    cst_voice* (*reg)(const char*);
  };
  const Entry entries[] = {
      {"rms", register_cmu_us_rms}, {"slt", register_cmu_us_slt}, {"awb", register_cmu_us_awb},
      {"kal", register_cmu_us_kal}, {"kal16", register_cmu_us_kal16},
  };
  for (const Entry& e : entries) {
    cst_voice* v = e.reg(nullptr);
    if (v == nullptr) continue;
    // The rate is a property of the voice's data: ask it with a one-word synthesis.
    cst_wave* w = GuardedTextToWave("a", v);
    if (w == nullptr) continue;
    int rate = w->sample_rate;
    delete_wave(w);
    g_voices.push_back(Voice{VoiceInfo{e.id, rate}, v});
    g_infos.push_back(VoiceInfo{e.id, rate});
  }
}

void EnsureInit() {
  std::call_once(g_init_once, [] {
    std::lock_guard<std::mutex> lock(g_synth_mutex);
    InitFlite();
  });
}

bool IsBlank(const std::string& s) {
  for (unsigned char c : s)
    if (!std::isspace(c)) return false;
  return true;
}

}  // namespace

const std::vector<VoiceInfo>& FliteVoices() {
  EnsureInit();
  return g_infos;
}

SynthStatus FliteSynthesize(const std::string& text, const std::string& voice_id,
                            std::vector<int16_t>* pcm, int* sample_rate) {
  EnsureInit();
  const Voice* voice = nullptr;
  for (const Voice& v : g_voices)
    if (v.info.id == voice_id) voice = &v;
  if (voice == nullptr) return SynthStatus::UnknownVoice;
  *sample_rate = voice->info.sampleRate;
  pcm->clear();
  if (IsBlank(text)) return SynthStatus::Ok;
  std::lock_guard<std::mutex> lock(g_synth_mutex);
  cst_wave* w = GuardedTextToWave(text.c_str(), voice->voice);
  if (w == nullptr) return SynthStatus::Failed;
  if (w->num_channels == 1 && w->num_samples > 0)
    pcm->assign(w->samples, w->samples + w->num_samples);
  if (w->sample_rate > 0) *sample_rate = w->sample_rate;
  delete_wave(w);
  return SynthStatus::Ok;
}

bool FlitePronounce(const std::string& word, std::string* phones) {
  EnsureInit();
  std::lock_guard<std::mutex> lock(g_synth_mutex);
  cst_lexicon* lex = cmu_lex_init();
  if (lex == nullptr) return false;
  jmp_buf jb;
  cst_val* volatile list = nullptr;
  cst_errjmp = &jb;
  if (setjmp(jb) == 0) list = lex_lookup(lex, word.c_str(), nullptr, nullptr);
  cst_errjmp = nullptr;
  if (list == nullptr) return false;
  std::string out;
  for (const cst_val* v = list; v != nullptr; v = val_cdr(v)) {
    std::string ph = val_string(val_car(v));
    while (!ph.empty() && std::isdigit(static_cast<unsigned char>(ph.back()))) ph.pop_back();
    if (ph.empty() || ph == "pau") continue;
    if (ph == "ax") ph = "ah";
    for (char& c : ph) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (!out.empty()) out += ' ';
    out += ph;
  }
  delete_val(list);
  *phones = out;
  return !out.empty();
}

}  // namespace heed
