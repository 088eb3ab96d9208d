// A small message catalogue: Dutch and English. The language comes from the user's choice
// (remembered in localStorage) or navigator.language; `t` falls back to English, then to
// the key itself, so a missing entry shows up in tests instead of an empty label.
import { signalsEn, signalsNl } from './i18n_signals';
import { adminEn, adminNl } from './i18n_admin';

export type Lang = 'nl' | 'en';

const en = {
  ...signalsEn,
  ...adminEn,
  app: 'Weerbaar',
  language: 'Language',
  status_online: 'Connected',
  status_connecting: 'Connecting…',
  status_offline: 'Offline — reconnecting',
  nav_groups: 'Groups',
  nav_manage: 'Manage',
  nav_device: 'This device',
  skip: 'Skip to content',
  welcome_title: 'Welcome to Weerbaar',
  welcome_body: 'Open the invite link you received from your neighbourhood leader to join.',
  join_title: 'You are invited',
  join_body: 'Choose the name your neighbours will see. Your keys are made on this device and never leave it.',
  join_name: 'Your name',
  join_button: 'Join',
  join_already: 'This browser has already joined. Use another browser profile to join as someone else.',
  groups_title: 'Your groups',
  groups_empty: 'You are not in any group yet.',
  unread: '{n} unread',
  community_role: '{name} — {role}',
  role_1: 'resident',
  role_2: 'leader',
  role_3: 'partner',
  role_4: 'admin',
  role_0: 'member',
  chat_members: 'Members',
  chat_back: 'Back to groups',
  chat_history: 'Messages',
  chat_empty: 'No messages yet. Say hello!',
  chat_input: 'Message',
  chat_send: 'Send',
  chat_sending: 'sending…',
  chat_you: 'You',
  chat_undecryptable: 'This message cannot be read on this device ({reason}).',
  chat_new_message: 'New message from {name}: {text}',
  members_title: 'Members of {group}',
  members_devices: 'Devices',
  members_fingerprint: 'Fingerprint of device {n}',
  members_remove: 'Remove {name}',
  members_remove_confirm: 'Remove {name} from this group? Their devices will no longer receive new messages.',
  members_invite: 'Invite a neighbour to this group',
  members_you: '(you)',
  invite_link: 'Invite link (single use, expires {when})',
  invite_copy: 'Copy link',
  invite_copied: 'Link copied.',
  manage_title: 'Manage',
  manage_new_community: 'New community',
  manage_community_name: 'Community name',
  manage_create_community: 'Create community',
  manage_invite_leader: 'Invite a leader',
  manage_invite_resident: 'Invite a resident',
  manage_new_group: 'New group in {community}',
  manage_group_name: 'Group name',
  manage_create_group: 'Create group',
  manage_created_group: 'Group "{name}" created.',
  manage_created_community: 'Community "{name}" created.',
  manage_nothing: 'Only leaders and admins manage communities and groups.',
  manage_trends: 'Reports of {community} at partner channels',
  manage_trends_load: 'Show the channels and their trends',
  manage_no_channels: 'This community has no partner channels yet.',
  device_title: 'This device',
  device_you: 'Signed in as {name}',
  device_fingerprint: 'Fingerprint of this device',
  device_link: 'Link another device',
  device_link_body: 'Open this link on your other device. It works once and expires.',
  device_link_button: 'Create link',
  device_forget: 'Forget this device',
  device_forget_confirm: 'Remove your keys and messages from this browser? You will need a new invite to use it again.',
  other_tab: 'Weerbaar is open in another tab. Close it to use this one.',
  err_offline: 'Not connected to the server. Try again when the connection is back.',
  err_invite: 'This invite is not valid any more. Ask for a new one.',
  err_denied: 'You are not allowed to do that.',
  err_too_long: 'That message is too long.',
  err_name: 'Please fill in a name.',
  err_generic: 'Something went wrong: {detail}',
  err_storage: 'This browser cannot store keys safely (IndexedDB is unavailable).',
};

export type MessageKey = keyof typeof en;

const nl: Record<MessageKey, string> = {
  ...signalsNl,
  ...adminNl,
  app: 'Weerbaar',
  language: 'Taal',
  status_online: 'Verbonden',
  status_connecting: 'Verbinden…',
  status_offline: 'Offline — opnieuw verbinden',
  nav_groups: 'Groepen',
  nav_manage: 'Beheer',
  nav_device: 'Dit apparaat',
  skip: 'Naar de inhoud',
  welcome_title: 'Welkom bij Weerbaar',
  welcome_body: 'Open de uitnodigingslink die je van je buurtcoördinator kreeg om mee te doen.',
  join_title: 'Je bent uitgenodigd',
  join_body: 'Kies de naam die je buren zien. Je sleutels worden op dit apparaat gemaakt en verlaten het nooit.',
  join_name: 'Je naam',
  join_button: 'Meedoen',
  join_already: 'Deze browser doet al mee. Gebruik een ander browserprofiel om als iemand anders mee te doen.',
  groups_title: 'Je groepen',
  groups_empty: 'Je zit nog in geen enkele groep.',
  unread: '{n} ongelezen',
  community_role: '{name} — {role}',
  role_1: 'bewoner',
  role_2: 'coördinator',
  role_3: 'partner',
  role_4: 'beheerder',
  role_0: 'lid',
  chat_members: 'Leden',
  chat_back: 'Terug naar groepen',
  chat_history: 'Berichten',
  chat_empty: 'Nog geen berichten. Zeg hallo!',
  chat_input: 'Bericht',
  chat_send: 'Versturen',
  chat_sending: 'wordt verstuurd…',
  chat_you: 'Jij',
  chat_undecryptable: 'Dit bericht kan op dit apparaat niet gelezen worden ({reason}).',
  chat_new_message: 'Nieuw bericht van {name}: {text}',
  members_title: 'Leden van {group}',
  members_devices: 'Apparaten',
  members_fingerprint: 'Vingerafdruk van apparaat {n}',
  members_remove: '{name} verwijderen',
  members_remove_confirm: '{name} uit deze groep verwijderen? Hun apparaten krijgen dan geen nieuwe berichten meer.',
  members_invite: 'Een buur uitnodigen voor deze groep',
  members_you: '(jij)',
  invite_link: 'Uitnodigingslink (eenmalig, verloopt {when})',
  invite_copy: 'Link kopiëren',
  invite_copied: 'Link gekopieerd.',
  manage_title: 'Beheer',
  manage_new_community: 'Nieuwe buurt',
  manage_community_name: 'Naam van de buurt',
  manage_create_community: 'Buurt aanmaken',
  manage_invite_leader: 'Een coördinator uitnodigen',
  manage_invite_resident: 'Een bewoner uitnodigen',
  manage_new_group: 'Nieuwe groep in {community}',
  manage_group_name: 'Naam van de groep',
  manage_create_group: 'Groep aanmaken',
  manage_created_group: 'Groep "{name}" aangemaakt.',
  manage_created_community: 'Buurt "{name}" aangemaakt.',
  manage_nothing: 'Alleen coördinatoren en beheerders beheren buurten en groepen.',
  manage_trends: 'Meldingen van {community} bij partnerkanalen',
  manage_trends_load: 'Kanalen en hun trends tonen',
  manage_no_channels: 'Deze buurt heeft nog geen partnerkanalen.',
  device_title: 'Dit apparaat',
  device_you: 'Aangemeld als {name}',
  device_fingerprint: 'Vingerafdruk van dit apparaat',
  device_link: 'Nog een apparaat koppelen',
  device_link_body: 'Open deze link op je andere apparaat. Hij werkt één keer en verloopt.',
  device_link_button: 'Link maken',
  device_forget: 'Dit apparaat vergeten',
  device_forget_confirm: 'Je sleutels en berichten uit deze browser verwijderen? Je hebt dan een nieuwe uitnodiging nodig.',
  other_tab: 'Weerbaar is open in een ander tabblad. Sluit dat om dit te gebruiken.',
  err_offline: 'Geen verbinding met de server. Probeer het opnieuw als de verbinding terug is.',
  err_invite: 'Deze uitnodiging is niet meer geldig. Vraag om een nieuwe.',
  err_denied: 'Dat mag je niet doen.',
  err_too_long: 'Dat bericht is te lang.',
  err_name: 'Vul een naam in.',
  err_generic: 'Er ging iets mis: {detail}',
  err_storage: 'Deze browser kan sleutels niet veilig bewaren (IndexedDB ontbreekt).',
};

const catalogues: Record<Lang, Record<MessageKey, string>> = { en, nl };
const STORAGE_KEY = 'weerbaar.lang';
let current: Lang = 'en';

export function initialLang(stored: string | null, navigatorLang: string): Lang {
  if (stored === 'nl' || stored === 'en') return stored;
  return navigatorLang.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

export function setLang(lang: Lang, remember = true): void {
  current = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  if (remember && typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, lang);
}

export function lang(): Lang {
  return current;
}

export function loadLang(): void {
  setLang(initialLang(localStorage.getItem(STORAGE_KEY), navigator.language || 'en'), false);
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogues[current][key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function catalogueKeys(l: Lang): string[] {
  return Object.keys(catalogues[l]);
}
