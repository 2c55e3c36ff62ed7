import type { Bilingual } from './bilingual';

/** Offline events (issue 19). */
type Key =
  | 'error.invalid_event_title'
  | 'error.invalid_event_description'
  | 'error.invalid_event_place'
  | 'error.invalid_event_time'
  | 'error.invalid_event_deadline'
  | 'error.invalid_capacity'
  | 'error.capacity_below_signups'
  | 'error.event_full'
  | 'error.event_closed'
  | 'admin.nav.events'
  | 'events.title'
  | 'events.new'
  | 'events.edit'
  | 'events.none'
  | 'events.field.title'
  | 'events.field.description'
  | 'events.field.place'
  | 'events.field.startsAt'
  | 'events.field.endsAt'
  | 'events.field.capacity'
  | 'events.field.signupDeadline'
  | 'events.field.walkIns'
  | 'events.save'
  | 'events.saved'
  | 'events.create'
  | 'events.signedUp'
  | 'events.checkedIn'
  | 'events.attendees'
  | 'events.noAttendees'
  | 'events.email'
  | 'events.signedUpAt'
  | 'events.checkedInAt'
  | 'events.arrival'
  | 'events.walkIn'
  | 'events.exportCsv'
  | 'events.open'
  | 'events.closed'
  | 'events.reply.none'
  | 'events.reply.item'
  | 'events.reply.list'
  | 'events.reply.signedUp'
  | 'events.signup'
  | 'events.signedUpDone'
  | 'events.bindFirst'
  | 'events.loginFirst'
  | 'events.left'
  | 'events.linkExpired'
  | 'events.checkin.ok'
  | 'events.checkin.already'
  | 'events.checkin.notSignedUp'
  | 'events.checkin.bindFirst'
  | 'events.checkin.expiredQr'
  | 'events.checkin.screen'
  | 'events.checkin.scanHint'
  | 'events.checkin.byEmail'
  | 'events.checkin.done'
  | 'events.checkin.wasAlready'
  | 'error.not_signed_up'
  | 'error.user_not_found'
  | 'events.board';

export const events = {
  zh: {
    'error.invalid_event_title': '请填写活动名称（120 字以内）',
    'error.invalid_event_description': '活动介绍过长（4000 字以内）',
    'error.invalid_event_place': '请填写活动地点（200 字以内）',
    'error.invalid_event_time': '请填写有效的开始和结束时间（结束不早于开始）',
    'error.invalid_event_deadline': '报名截止时间不能晚于活动结束时间',
    'error.invalid_capacity': '名额须为 1 到 100000 之间的整数',
    'error.capacity_below_signups': '名额不能少于已报名人数',
    'error.event_full': '名额已满',
    'error.event_closed': '报名已截止',
    'admin.nav.events': '活动',
    'events.title': '线下活动',
    'events.new': '新建活动',
    'events.edit': '编辑活动',
    'events.none': '还没有活动',
    'events.field.title': '活动名称',
    'events.field.description': '活动介绍',
    'events.field.place': '地点',
    'events.field.startsAt': '开始时间',
    'events.field.endsAt': '结束时间',
    'events.field.capacity': '名额',
    'events.field.signupDeadline': '报名截止',
    'events.field.walkIns': '允许未报名者现场签到',
    'events.save': '保存',
    'events.saved': '已保存',
    'events.create': '创建活动',
    'events.signedUp': '已报名',
    'events.checkedIn': '已签到',
    'events.attendees': '参加者',
    'events.noAttendees': '还没有人报名',
    'events.email': '邮箱',
    'events.signedUpAt': '报名时间',
    'events.checkedInAt': '签到时间',
    'events.arrival': '签到序号',
    'events.walkIn': '现场签到',
    'events.exportCsv': '导出 CSV',
    'events.open': '报名中',
    'events.closed': '已截止',
    'events.reply.none': '目前没有开放报名的活动。',
    'events.reply.item': '· {title}（剩余 {left} 个名额）',
    'events.reply.list': '开放报名的活动：\n{events}\n\n点此报名：{link}',
    'events.reply.signedUp': '报名成功：{title}，地点：{place}。活动当天请在入口扫码签到。',
    'events.signup': '报名',
    'events.signedUpDone': '已报名',
    'events.bindFirst': '报名前请先绑定网站账号：点“报名”去绑定，绑定后会自动回到该活动，一键即可报名。',
    'events.loginFirst': '请先登录，或在微信中发送“报名”获取报名链接。',
    'events.left': '剩余名额',
    'events.linkExpired': '链接已失效，请在微信中重新发送“报名”。',
    'events.checkin.ok': '签到成功，您是第 {n} 位（{title}）',
    'events.checkin.already': '已签到（您是第 {n} 位）',
    'events.checkin.notSignedUp': '您尚未报名“{title}”，未能签到。请联系现场工作人员。',
    'events.checkin.bindFirst': '请先绑定网站账号再签到：{link}',
    'events.checkin.expiredQr': '该签到二维码已过期，请扫描屏幕上最新的二维码。',
    'events.checkin.screen': '签到屏',
    'events.checkin.scanHint': '请使用微信扫一扫签到',
    'events.checkin.byEmail': '按邮箱签到',
    'events.checkin.done': '签到成功，第 {n} 位',
    'events.checkin.wasAlready': '已签到（第 {n} 位）',
    'error.not_signed_up': '该用户未报名此活动',
    'error.user_not_found': '找不到该邮箱的账号',
    'events.board': '签到大屏',
  },
  en: {
    'error.invalid_event_title': 'Enter a title (at most 120 characters)',
    'error.invalid_event_description': 'The description is too long (at most 4000 characters)',
    'error.invalid_event_place': 'Enter a place (at most 200 characters)',
    'error.invalid_event_time': 'Enter valid start and end times (the end not before the start)',
    'error.invalid_event_deadline': 'The sign-up deadline cannot be after the event ends',
    'error.invalid_capacity': 'Capacity must be a whole number from 1 to 100000',
    'error.capacity_below_signups': 'Capacity cannot be lower than the sign-ups already taken',
    'error.event_full': 'The event is full',
    'error.event_closed': 'Sign-up has closed',
    'admin.nav.events': 'Events',
    'events.title': 'Offline events',
    'events.new': 'New event',
    'events.edit': 'Edit event',
    'events.none': 'No events yet',
    'events.field.title': 'Title',
    'events.field.description': 'Description',
    'events.field.place': 'Place',
    'events.field.startsAt': 'Starts',
    'events.field.endsAt': 'Ends',
    'events.field.capacity': 'Capacity',
    'events.field.signupDeadline': 'Sign-up deadline',
    'events.field.walkIns': 'Allow walk-ins to check in',
    'events.save': 'Save',
    'events.saved': 'Saved',
    'events.create': 'Create event',
    'events.signedUp': 'Signed up',
    'events.checkedIn': 'Checked in',
    'events.attendees': 'Attendees',
    'events.noAttendees': 'Nobody has signed up yet',
    'events.email': 'E-mail',
    'events.signedUpAt': 'Signed up at',
    'events.checkedInAt': 'Checked in at',
    'events.arrival': 'Arrival',
    'events.walkIn': 'Walk-in',
    'events.exportCsv': 'Export CSV',
    'events.open': 'Open',
    'events.closed': 'Closed',
    'events.reply.none': 'No events are open for sign-up.',
    'events.reply.item': '· {title} ({left} places left)',
    'events.reply.list': 'Events open for sign-up:\n{events}\n\nSign up here: {link}',
    'events.reply.signedUp': 'You are signed up: {title}, at {place}. Scan the QR at the entrance to check in.',
    'events.signup': 'Sign up',
    'events.signedUpDone': 'Signed up',
    'events.bindFirst':
      'Bind your account before signing up: tap “Sign up” to bind, and you come straight back to the event to sign up with one tap.',
    'events.loginFirst': 'Log in first, or send “报名” in WeChat for a sign-up link.',
    'events.left': 'Places left',
    'events.linkExpired': 'This link has expired; send “报名” again in WeChat.',
    'events.checkin.ok': 'Checked in: you are number {n} ({title})',
    'events.checkin.already': 'Already checked in (number {n})',
    'events.checkin.notSignedUp':
      'You have not signed up for “{title}”, so you are not checked in. Please ask the staff at the door.',
    'events.checkin.bindFirst': 'Bind your account first to check in: {link}',
    'events.checkin.expiredQr': 'This check-in QR has expired; scan the newest one on the screen.',
    'events.checkin.screen': 'Check-in screen',
    'events.checkin.scanHint': 'Scan with WeChat to check in',
    'events.checkin.byEmail': 'Check in by e-mail',
    'events.checkin.done': 'Checked in, number {n}',
    'events.checkin.wasAlready': 'Already checked in (number {n})',
    'error.not_signed_up': 'This user has not signed up for the event',
    'error.user_not_found': 'No account has this e-mail',
    'events.board': 'Live board',
  },
} satisfies Bilingual<Key>;
