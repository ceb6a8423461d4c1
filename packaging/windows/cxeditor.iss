; Inno Setup script for cxeditor on Windows — prepared, NOT tested (no Windows here).
; Build steps are in packaging/README.md; run: iscc packaging\windows\cxeditor.iss
; The version comes from cxeditor/__init__.py: iscc /DAppVersion=<version> cxeditor.iss
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=0.1.0 packaging\windows\cxeditor.iss
#endif

[Setup]
AppId={{6E9C6C1E-2B1F-4E59-9B7E-4C5845440001}
AppName=cxeditor
AppVersion={#AppVersion}
AppPublisher=cxeditor developers
DefaultDirName={autopf}\cxeditor
DefaultGroupName=cxeditor
OutputBaseFilename=cxeditor-{#AppVersion}-windows-setup
OutputDir=..\..\dist
Compression=lzma2
SolidCompression=yes
ChangesAssociations=yes
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "korean"; MessagesFile: "compiler:Languages\Korean.isl"

[Files]
Source: "..\..\build\bundle\dist\cxeditor\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\cxeditor"; Filename: "{app}\cxeditor.exe"
Name: "{autodesktop}\cxeditor"; Filename: "{app}\cxeditor.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Registry]
Root: HKA; Subkey: "Software\Classes\.cxproj"; ValueType: string; ValueData: "cxeditor.project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\cxeditor.project"; ValueType: string; ValueData: "cxeditor project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\cxeditor.project\shell\open\command"; ValueType: string; ValueData: """{app}\cxeditor.exe"" ""%1"""
