/* A stand-in for Kindly.exe, so the real installer script (kindly.iss) can be compiled, installed,
 * upgraded and uninstalled under wine on Linux (packaging/windows/wine_check.py, `make
 * installer-check`). It does only what the checks need from "Kindly":
 *
 *   Kindly.exe --version         prints "Kindly <STANDIN_VERSION> (stand-in)"
 *   Kindly.exe --store-tokens    writes the X tokens to Credential Manager the way keyring's
 *                                Windows backend does for Kindly (app/services/secrets.py)
 *   Kindly.exe --count-tokens    prints how many of those credentials exist
 *   Kindly.exe --hold SECONDS    holds Kindly's AppMutex (app/appmutex.py) that long, as a
 *                                running Kindly does, then exits
 *
 * Built with mingw-w64: x86_64-w64-mingw32-gcc -municode -DSTANDIN_VERSION=... standin.c
 */
#include <windows.h>
#include <wincred.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef STANDIN_VERSION
#define STANDIN_VERSION L"0.0.0"
#endif

/* keyring's WinVaultKeyring keeps the last-written name under the service itself and each
 * earlier one under "name@service". */
static const wchar_t *TARGETS[] = {
    L"Kindly (X connection)",
    L"access_token@Kindly (X connection)",
    L"refresh_token@Kindly (X connection)",
    L"access_expires_at@Kindly (X connection)",
};
#define NTARGETS (sizeof(TARGETS) / sizeof(TARGETS[0]))

static int store_tokens(void) {
    for (size_t i = 0; i < NTARGETS; i++) {
        CREDENTIALW cred = {0};
        char blob[] = "not-a-real-token";
        cred.Type = CRED_TYPE_GENERIC;
        cred.TargetName = (LPWSTR)TARGETS[i];
        cred.UserName = L"access_token";
        cred.CredentialBlob = (LPBYTE)blob;
        cred.CredentialBlobSize = sizeof(blob) - 1;
        cred.Persist = CRED_PERSIST_ENTERPRISE;
        if (!CredWriteW(&cred, 0)) {
            fwprintf(stderr, L"CredWrite failed: %lu\n", GetLastError());
            return 1;
        }
    }
    return 0;
}

static int count_tokens(void) {
    int found = 0;
    for (size_t i = 0; i < NTARGETS; i++) {
        PCREDENTIALW cred = NULL;
        if (CredReadW(TARGETS[i], CRED_TYPE_GENERIC, 0, &cred)) {
            found++;
            CredFree(cred);
        }
    }
    wprintf(L"%d\n", found);
    return 0;
}

int wmain(int argc, wchar_t **argv) {
    if (argc >= 2 && wcscmp(argv[1], L"--version") == 0) {
        wprintf(L"Kindly %ls (stand-in)\n", STANDIN_VERSION);
        return 0;
    }
    if (argc >= 2 && wcscmp(argv[1], L"--store-tokens") == 0) return store_tokens();
    if (argc >= 2 && wcscmp(argv[1], L"--count-tokens") == 0) return count_tokens();
    if (argc >= 3 && wcscmp(argv[1], L"--hold") == 0) {
        HANDLE mutex = CreateMutexW(NULL, FALSE, L"KindlyAppMutex");
        if (!mutex) return 1;
        Sleep((DWORD)_wtoi(argv[2]) * 1000);
        CloseHandle(mutex);
        return 0;
    }
    fwprintf(stderr, L"usage: Kindly.exe --version | --store-tokens | --count-tokens | --hold S\n");
    return 2;
}
