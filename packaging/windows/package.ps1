# Kindly for Windows: sign dist\Kindly\Kindly.exe, build the per-user installer with Inno Setup,
# then install it silently, run the installed Kindly's --smoke, and uninstall it again. Run after
# packaging\build.py:
#
#     powershell -ExecutionPolicy Bypass -File packaging\windows\package.ps1
#
# Signing is optional and goes through a cloud signing service: publicly trusted code-signing keys
# live in hardware since June 2023, so there is no .pfx to export. Either
#   * Azure Trusted Signing: AZURE_TRUSTED_SIGNING_ENDPOINT, AZURE_TRUSTED_SIGNING_ACCOUNT,
#     AZURE_TRUSTED_SIGNING_PROFILE and, for the sign-in, AZURE_TENANT_ID, AZURE_CLIENT_ID,
#     AZURE_CLIENT_SECRET (an app registration with the "Trusted Signing Certificate Profile
#     Signer" role); the signing client comes from NuGet (Microsoft.Trusted.Signing.Client), or
#   * any other service (SSL.com eSigner's CodeSignTool, DigiCert KeyLocker's smctl or signtool
#     with its KSP, ...): KINDLY_SIGN_COMMAND, one command line with $f where the file goes.
# The same command signs Kindly.exe, kindly-cli.exe, Setup.exe and the uninstaller (Inno Setup's
# SignTool=). Without either, signing is skipped and said so; the installer still works
# (SmartScreen warns until the file has a reputation).
# KINDLY_ISCC may point at an ISCC.exe; otherwise Inno Setup $InnoVersion is fetched from npm, the
# same compiler every build uses.

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
Set-Location (Join-Path $PSScriptRoot "..\..")
$Root = (Get-Location).Path  # Start-Process and the installers get absolute paths only

$InnoVersion = "6.4.1"
$Version = (& python -c "import sys; sys.path.insert(0, 'packaging'); import bundle; print(bundle.version())").Trim()
if ($LASTEXITCODE -ne 0) { throw "package: cannot read Kindly's version from pyproject.toml" }
$Exe = Join-Path $Root "dist\Kindly\Kindly.exe"
$Setup = Join-Path $Root "dist\Kindly-$Version-Windows-Setup.exe"
$InstallLog = Join-Path $Root "dist\install.log"
if (-not (Test-Path $Exe)) { throw "package: $Exe is missing; run python packaging\build.py first" }

# --- 1. The compiler ---------------------------------------------------------------------------
if ($env:KINDLY_ISCC) {
    $Iscc = $env:KINDLY_ISCC
} else {
    $Prefix = Join-Path ([IO.Path]::GetTempPath()) "kindly-inno-$InnoVersion"
    $Iscc = Join-Path $Prefix "node_modules\innosetup\bin\ISCC.exe"
    if (-not (Test-Path $Iscc)) {
        & npm install --silent --no-audit --no-fund --prefix $Prefix "innosetup@$InnoVersion"
        if ($LASTEXITCODE -ne 0) { throw "package: could not install Inno Setup $InnoVersion" }
    }
}

# --- 2. Sign the app, and let Inno Setup sign the installer and uninstaller ---------------------
function Find-SignTool {
    $found = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin" -Recurse -Filter signtool.exe -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -match "\\x64\\" } | Sort-Object FullName | Select-Object -Last 1
    if (-not $found) { throw "package: signtool.exe not found (Windows SDK)" }
    return $found.FullName
}

$SignCommand = $null  # one command line, $f standing for the file to sign
if ($env:KINDLY_SIGN_COMMAND) {
    $SignCommand = $env:KINDLY_SIGN_COMMAND
    Write-Host "package: signing with KINDLY_SIGN_COMMAND"
} elseif ($env:AZURE_TRUSTED_SIGNING_ENDPOINT -and $env:AZURE_TRUSTED_SIGNING_ACCOUNT -and $env:AZURE_TRUSTED_SIGNING_PROFILE) {
    $Client = Join-Path ([IO.Path]::GetTempPath()) "kindly-trusted-signing"
    $NugetArgs = @("install", "Microsoft.Trusted.Signing.Client", "-OutputDirectory", $Client, "-NonInteractive")
    if ($env:AZURE_TRUSTED_SIGNING_CLIENT_VERSION) { $NugetArgs += @("-Version", $env:AZURE_TRUSTED_SIGNING_CLIENT_VERSION) }
    & nuget @NugetArgs | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "package: could not fetch the Trusted Signing client from NuGet" }
    $Dlib = Get-ChildItem $Client -Recurse -Filter Azure.CodeSigning.Dlib.dll | Where-Object { $_.FullName -match "\\x64\\" } | Select-Object -First 1
    if (-not $Dlib) { throw "package: Azure.CodeSigning.Dlib.dll is missing from the Trusted Signing client" }
    $Metadata = Join-Path $Client "metadata.json"
    @{ Endpoint = $env:AZURE_TRUSTED_SIGNING_ENDPOINT; CodeSigningAccountName = $env:AZURE_TRUSTED_SIGNING_ACCOUNT;
       CertificateProfileName = $env:AZURE_TRUSTED_SIGNING_PROFILE } | ConvertTo-Json | Set-Content -Encoding utf8 $Metadata
    $SignCommand = "`"$(Find-SignTool)`" sign /v /fd SHA256 /tr http://timestamp.acs.microsoft.com /td SHA256 /dlib `"$($Dlib.FullName)`" /dmdf `"$Metadata`" `$f"
    Write-Host "package: signing with Azure Trusted Signing ($env:AZURE_TRUSTED_SIGNING_ACCOUNT / $env:AZURE_TRUSTED_SIGNING_PROFILE)"
} else {
    Write-Host "package: no signing service configured (KINDLY_SIGN_COMMAND or AZURE_TRUSTED_SIGNING_*); signing skipped"
}

$IsccArgs = @("/DAppVersion=$Version")
if ($SignCommand) {
    foreach ($file in @($Exe, (Join-Path $Root "dist\Kindly\kindly-cli.exe"))) {
        if (-not (Test-Path $file)) { continue }
        $line = $SignCommand.Replace('$f', "`"$file`"")
        & cmd /c $line
        if ($LASTEXITCODE -ne 0) { throw "package: signing $file failed" }
    }
    # Inno Setup runs this for Setup.exe and the uninstaller; there $q is a double quote.
    $IsccArgs += "/DSign"
    $IsccArgs += "/Skindlysign=$($SignCommand.Replace('"', '$q'))"
}

# --- 3. Build the installer ------------------------------------------------------------------------
& $Iscc /Q @IsccArgs (Join-Path $Root "packaging\windows\kindly.iss")
if ($LASTEXITCODE -ne 0) { throw "package: Inno Setup failed" }
Write-Host ("package: wrote $Setup ({0:N1} MB)" -f ((Get-Item $Setup).Length / 1MB))

# --- 4. What the owner gets: install per user, run it, uninstall keeping the data ---------------
$InstallDir = Join-Path $env:LOCALAPPDATA "Programs\Kindly"
$DataDir = Join-Path $env:LOCALAPPDATA "Kindly"
$RunKey = "HKCU:\Software\Microsoft\Windows\CurrentVersion\Run"
$StartMenu = Join-Path $env:APPDATA "Microsoft\Windows\Start Menu\Programs\Kindly.lnk"

$p = Start-Process -FilePath $Setup -Wait -PassThru -ArgumentList @(
    "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/TASKS=startatlogin", "/LOG=`"$InstallLog`"")
if ($p.ExitCode -ne 0) { Get-Content $InstallLog; throw "package: the installer exited $($p.ExitCode)" }
foreach ($path in @((Join-Path $InstallDir "Kindly.exe"), $StartMenu)) {
    if (-not (Test-Path $path)) { throw "package: the installer did not create $path" }
}
$run = Get-ItemPropertyValue -Path $RunKey -Name "Kindly" -ErrorAction SilentlyContinue
if ($run -ne "`"$InstallDir\Kindly.exe`" --hidden") { throw "package: start-at-login value is '$run'" }

# A windowed app has no console: the self-test writes its report to a file.
$Report = Join-Path ([IO.Path]::GetTempPath()) "kindly-smoke.txt"
$p = Start-Process -FilePath (Join-Path $InstallDir "Kindly.exe") -Wait -PassThru -ArgumentList @("--smoke", "`"$Report`"")
Get-Content $Report
if ($p.ExitCode -ne 0) { throw "package: the installed Kindly failed its self-test" }

# The console twin prints what the windowed Kindly.exe cannot (command-line subcommands).
$printed = (& (Join-Path $InstallDir "kindly-cli.exe") --version | Out-String).Trim()
if ($printed -ne "Kindly $Version") { throw "package: kindly-cli.exe --version printed '$printed'" }
Write-Host "package: kindly-cli.exe --version printed '$printed'"

# The owner's data must survive a (silent) uninstall.
New-Item -ItemType Directory -Force $DataDir | Out-Null
Set-Content -Path (Join-Path $DataDir "keep-me.txt") -Value "the owner's data"
$p = Start-Process -FilePath (Join-Path $InstallDir "unins000.exe") -Wait -PassThru -ArgumentList @(
    "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART")
if ($p.ExitCode -ne 0) { throw "package: the uninstaller exited $($p.ExitCode)" }
# The uninstaller finishes from a copy of itself in %TEMP%: give it up to a minute.
for ($i = 0; $i -lt 60 -and (Test-Path (Join-Path $InstallDir "Kindly.exe")); $i++) { Start-Sleep -Seconds 1 }
if (Test-Path (Join-Path $InstallDir "Kindly.exe")) { throw "package: Kindly.exe is still installed" }
if (-not (Test-Path (Join-Path $DataDir "keep-me.txt"))) { throw "package: uninstalling deleted the owner's data" }
if (Get-ItemProperty -Path $RunKey -Name "Kindly" -ErrorAction SilentlyContinue) { throw "package: the start-at-login value survived uninstalling" }
Remove-Item -Recurse -Force $DataDir
Write-Host "package: $Setup installs, runs and uninstalls cleanly"
