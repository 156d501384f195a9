{
  "targets": [
    {
      "target_name": "heed_native",
      "sources": [
        "src/addon.cc",
        "src/errors.cc",
        "src/decoder.cc",
        "src/decoder_search.cc",
        "src/denoiser.cc",
        "src/echo_canceller.cc",
        "src/synth.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags": ["-Wall", "<!@(pkg-config --cflags pocketsphinx sphinxbase)"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "<!@(pkg-config --cflags pocketsphinx sphinxbase)"],
      "libraries": [
        "<!@(pkg-config --libs pocketsphinx sphinxbase)",
        "-lspeexdsp",
        "-lflite_cmu_us_rms",
        "-lflite_cmu_us_slt",
        "-lflite_cmu_us_awb",
        "-lflite_cmu_us_kal",
        "-lflite_cmu_us_kal16",
        "-lflite_usenglish",
        "-lflite_cmulex",
        "-lflite",
        "-lm"
      ]
    }
  ]
}
