; Kindly's Windows installer (Inno Setup 6). Per user: no administrator rights, no UAC prompt.
;
;     powershell -File packaging\windows\package.ps1      (the release workflow runs exactly this)
;
; which calls:  ISCC.exe /DAppVersion=X.Y.Z [/DSign /Skindlysign=...] packaging\windows\kindly.iss
;
; On Linux, `make installer-check` compiles this very file under wine around a stand-in Kindly.exe
; (/DSourceDir=...) and installs, upgrades and uninstalls it (packaging/windows/wine_check.py).
;
; It packs dist\Kindly (made by packaging\build.py) into dist\Kindly-X.Y.Z-Windows-Setup.exe, which
; installs to %LOCALAPPDATA%\Programs\Kindly with a Start-menu entry. The owner's data lives apart,
; in %LOCALAPPDATA%\Kindly, so updates never touch it; uninstalling keeps it unless the owner ticks
; "Also delete my Kindly data".

#ifndef AppVersion
  #error Pass Kindly's version: ISCC.exe /DAppVersion=X.Y.Z kindly.iss
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\Kindly"
#endif
#ifndef ProgramsDir
  ; {autopf} is %LOCALAPPDATA%\Programs for a per-user install. wine 8 cannot expand it, so the
  ; wine check passes /DProgramsDir={localappdata}\Programs, the same folder on Windows.
  #define ProgramsDir "{autopf}"
#endif
#define AppName "Kindly"
#define AppExe "Kindly.exe"
; The start-at-login entry: the same value Kindly's own "Start at login" setting writes
; (app/services/autostart.py), so the installer's checkbox and the setting are one switch. At
; sign-in Kindly starts --hidden, in the tray. The uninstaller removes the value either way.
#define RunKey "Software\Microsoft\Windows\CurrentVersion\Run"
#define RunValue "Kindly"
; A running Kindly holds this mutex (app/appmutex.py): Setup and the uninstaller ask the owner to
; close it first instead of leaving files behind.
#define AppMutexName "KindlyAppMutex"
; Where app/services/secrets.py keeps the X tokens (keyring's Windows backend, Credential Manager)
#define TokenService "Kindly (X connection)"

[Setup]
; AppId ties updates and the uninstaller together: never change it.
AppId={{6F1C2B0E-3D5A-4C7B-9E21-4B8A6D2F7C10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Kindly
AppComments=A kind, local inbox for answering your shop's customers on X.
VersionInfoVersion={#AppVersion}
PrivilegesRequired=lowest
DefaultDirName={#ProgramsDir}\{#AppName}
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousTasks=yes
OutputDir=..\..\dist
OutputBaseFilename=Kindly-{#AppVersion}-Windows-Setup
SetupIconFile=..\..\resources\icons\kindly.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; An update closes a running Kindly (Restart Manager) instead of failing on locked files.
CloseApplications=yes
RestartApplications=no
AppMutex={#AppMutexName}
SetupMutex=KindlySetupMutex
; Signing (optional): package.ps1 passes /DSign and /Skindlysign=<a command with $f for the file>,
; a cloud signing service's signtool line (Azure Trusted Signing, SSL.com eSigner, DigiCert
; KeyLocker): the key stays in the service's hardware. Setup.exe and the uninstaller are signed.
#ifdef Sign
SignTool=kindlysign
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "startatlogin"; Description: "Start Kindly when I sign in, so reminders arrive on time"; Flags: unchecked
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the whole bundle: no library from an older Kindly may linger beside the new.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Answer your shop's customers on X"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "{#RunKey}"; ValueType: string; ValueName: "{#RunValue}"; ValueData: """{app}\{#AppExe}"" --hidden"; Flags: uninsdeletevalue; Tasks: startatlogin

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
var
  DeleteData: Boolean;

function CredDelete(TargetName: String; CredType: Cardinal; Flags: Cardinal): Boolean;
  external 'CredDeleteW@advapi32.dll stdcall uninstallonly';

{ The X sign-in, as keyring's Windows backend stores it: the newest entry under the service's own
  name, earlier ones as "name@service". A missing entry is fine. }
procedure DeleteXTokens();
begin
  CredDelete('{#TokenService}', 1, 0);  { 1 = CRED_TYPE_GENERIC }
  CredDelete('access_token@{#TokenService}', 1, 0);
  CredDelete('refresh_token@{#TokenService}', 1, 0);
  CredDelete('access_expires_at@{#TokenService}', 1, 0);
end;

{ /DELETEDATA on the uninstaller's command line: a silent uninstall that also deletes the data. }
function HasParam(Name: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount() do
    if CompareText(ParamStr(I), Name) = 0 then
      Result := True;
end;

function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\Kindly');
end;

{ Ask once, before anything is removed. Silent uninstalls (/SILENT, /VERYSILENT) keep the data
  unless /DELETEDATA is given too. }
function AskToDeleteData(): Boolean;
var
  Form: TSetupForm;
  Intro: TNewStaticText;
  DeleteBox: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
  Result := True;
  { Inno Setup 6.4's CreateCustomForm takes no arguments (package.ps1 pins that version). }
  Form := CreateCustomForm();
  try
    Form.ClientWidth := ScaleX(440);
    Form.ClientHeight := ScaleY(186);
    Form.Caption := 'Uninstall Kindly';

    Intro := TNewStaticText.Create(Form);
    Intro.Parent := Form;
    Intro.Left := ScaleX(16);
    Intro.Top := ScaleY(16);
    Intro.Width := Form.ClientWidth - ScaleX(32);
    Intro.AutoSize := False;
    Intro.Height := ScaleY(72);
    Intro.WordWrap := True;
    Intro.Caption := 'Kindly will be removed from this computer. Your shop''s data (mentions, ' +
      'drafts, promises, backups) stays in ' + DataDir() + ', and your X sign-in stays in ' +
      'Credential Manager, so a reinstall picks up where you left off.';

    DeleteBox := TNewCheckBox.Create(Form);
    DeleteBox.Parent := Form;
    DeleteBox.Left := ScaleX(16);
    DeleteBox.Top := Intro.Top + Intro.Height + ScaleY(12);
    DeleteBox.Width := Form.ClientWidth - ScaleX(32);
    DeleteBox.Height := ScaleY(20);
    DeleteBox.Caption := 'Also delete my Kindly data and X sign-in (this cannot be undone)';
    DeleteBox.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Caption := 'Uninstall';
    OkButton.Width := ScaleX(90);
    OkButton.Height := ScaleY(26);
    OkButton.Left := Form.ClientWidth - ScaleX(16 + 90 + 8 + 90);
    OkButton.Top := Form.ClientHeight - ScaleY(16 + 26);
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Caption := 'Cancel';
    CancelButton.Width := ScaleX(90);
    CancelButton.Height := ScaleY(26);
    CancelButton.Left := Form.ClientWidth - ScaleX(16 + 90);
    CancelButton.Top := OkButton.Top;
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    Form.ActiveControl := OkButton;
    if Form.ShowModal() = mrOk then
      DeleteData := DeleteBox.Checked
    else
      Result := False;
  finally
    Form.Free();
  end;
end;

function InitializeUninstall(): Boolean;
begin
  DeleteData := False;
  if UninstallSilent() then
  begin
    DeleteData := HasParam('/DELETEDATA');
    Result := True;
  end
  else
    Result := AskToDeleteData();
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
  begin
    { Kindly.exe is gone: a start-at-login entry, whoever wrote it, would only fail at sign-in. }
    RegDeleteValue(HKEY_CURRENT_USER, '{#RunKey}', '{#RunValue}');
    if DeleteData then
    begin
      DelTree(DataDir(), True, True, True);
      DeleteXTokens();
    end;
  end;
end;
