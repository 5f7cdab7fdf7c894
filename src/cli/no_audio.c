/* The tool never plays sound, yet libespeak-ng 1.51 (Debian 12) opens an
 * audio device in espeak_Initialize() whatever the output mode: it calls
 * libpcaudio's create_audio_device_object(), which connects to a PulseAudio
 * server (creating ~/.config/pulse, printing "Failed to create secure
 * directory" where HOME is not writable, and registering a playback client
 * on a desktop) and falls back to ALSA. In AUDIO_OUTPUT_SYNCHRONOUS mode the
 * object is never used (speech.c touches it only with SPEAK_AUDIO set), so
 * the executable defines the function itself and answers "no device"; the
 * dynamic linker binds libespeak-ng's call to this definition before
 * libpcaudio's. Only the tool does this: a program that embeds libarticast
 * may well play audio through libpcaudio. */
#include <stddef.h>

struct audio_object;

__attribute__((visibility("default"))) struct audio_object *create_audio_device_object(const char *device,
                                                                                      const char *application_name,
                                                                                      const char *description);

struct audio_object *create_audio_device_object(const char *device, const char *application_name,
                                                const char *description)
{
    (void)device;
    (void)application_name;
    (void)description;
    return NULL;
}
