import { createI18n } from 'vue-i18n'

// Alarm kinds: shared/spec/rules.md part B.
const kindsZh = {
  'gas_alarm': '瓦斯超限',
  'gas_power_cut_failed': '超限未断电',
  'gas_co_alarm': '一氧化碳超限',
  'sensor_threshold_misconfigured': '阈值设置违规',
  'sensor_fault': '传感器故障',
  'sensor_flatline': '数据恒值',
  'sensor_calibration_suspicious': '标校异常',
  'mine_upload_gap': '数据中断',
  'personnel_area_over_limit': '区域超员',
  'personnel_overtime': '井下超时',
  'personnel_restricted_area': '进入限制区域',
  'personnel_sos': '人员求救',
  'personnel_leader_absent': '矿领导未带班',
  'mine_activity_while_closed': '停产矿井违规作业',
  'data_suspected_fabrication': '疑似数据造假',
}
const kindsEn = {
  'gas_alarm': 'Methane over limit',
  'gas_power_cut_failed': 'Power not cut',
  'gas_co_alarm': 'CO over limit',
  'sensor_threshold_misconfigured': 'Thresholds misconfigured',
  'sensor_fault': 'Sensor fault',
  'sensor_flatline': 'Flat-lined sensor',
  'sensor_calibration_suspicious': 'Suspicious calibration',
  'mine_upload_gap': 'Upload gap',
  'personnel_area_over_limit': 'Area over limit',
  'personnel_overtime': 'Overtime underground',
  'personnel_restricted_area': 'Restricted area',
  'personnel_sos': 'SOS',
  'personnel_leader_absent': 'No leader on shift',
  'mine_activity_while_closed': 'Activity while closed',
  'data_suspected_fabrication': 'Suspected fabrication',
}

export const messages = {
  'zh-CN': {
    app: { title: '煤矿安全监控监管平台', logout: '退出', lang: 'English' },
    nav: { overview: '总览', mines: '矿井', alarms: '报警', personnel: '人员', admin: '管理' },
    login: { title: '登录', user: '用户名', password: '密码', submit: '登录', failed: '登录失败' },
    common: {
      empty: '暂无数据', loading: '加载中…', notFound: '不存在或无权查看', yes: '是', no: '否',
      refresh: '刷新', submit: '提交', back: '返回', all: '全部', search: '查询', time: '时间',
    },
    severity: { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' },
    state: {
      new: '待确认', acknowledged: '已确认', disposed: '已处置', verified: '已核查', returned: '已退回',
    },
    level: { mine: '矿井', city: '市级', province: '省级', national: '国家' },
    mineStatus: { producing: '生产', stopped: '停产', closed: '关闭', construction: '建设' },
    badge: { normal: '正常', alarm: '报警', cut: '断电', calibrating: '标校', fault: '故障' },
    overview: {
      map: '全国矿井分布', online: '在线矿井', offline: '离线矿井', people: '井下人数',
      activeAlarms: '当前报警', uploadGap: '数据中断矿井', byKind: '报警类型', feed: '实时报警',
      live: '实时连接', connected: '已连接', disconnected: '未连接', back: '返回全国', noMines: '无可见矿井',
      soundOn: '声音提示开', soundOff: '声音提示关',
    },
    mine: {
      list: '矿井列表', code: '编码', name: '名称', status: '状态', gasGrade: '瓦斯等级', online: '在线',
      lastUpload: '最后上传', people: '井下人数', alarms: '报警', points: '测点', point: '测点编码',
      sensor: '传感器', location: '位置', value: '当前值', unit: '单位', badge: '状态',
      thresholds: '报警/断电/复电', curve: '曲线', areas: '区域', area: '区域', approved: '核定人数',
      headcount: '当前人数', leader: '带班领导', leaderYes: '在井下', leaderNo: '无', stations: '基站',
      alarmHistory: '报警记录', span: '时长', shifts: '班次', raw: '原始数据', rollup: '5分钟汇总',
      alarmLine: '报警', cutLine: '断电',
    },
    alarm: {
      list: '报警列表', id: '编号', mine: '矿井', kind: '类型', severity: '级别', start: '开始',
      end: '结束', state: '处理状态', level: '当前层级', active: '仅当前', subject: '对象',
      message: '说明', evidence: '证据', history: '处理记录', ack: '确认', remark: '备注',
      disposition: '处置反馈', cause: '原因分析', measures: '处置措施', releasedAt: '解除时间',
      earlyReason: '提前解除原因', verify: '核查', verdict: '结论', accepted: '通过', rejected: '退回',
      nextEscalation: '下次升级', actor: '操作人', action: '动作', done: '操作成功', peak: '峰值',
      more: '加载更多', ongoing: '持续中',
    },
    personnel: {
      now: '当前井下人员', card: '卡号', name: '姓名', entry: '入井时间', exit: '出井时间',
      leader: '领导', trips: '下井记录', areaDay: '区域人数（当日）', day: '日期', pickMine: '选择矿井',
      at: '人数', peak: '峰值',
    },
    admin: {
      users: '用户', addUser: '新增用户', name: '用户名', role: '角色', scope: '范围', disabled: '停用',
      disable: '停用', created: '创建时间', password: '密码', mines: '矿井与上传密钥', rotate: '更换密钥',
      newKey: '新密钥（只显示一次）', onlyNational: '仅国家级管理员可用',
    },
    role: { national: '国家', province: '省级', city: '市级', mine: '矿井', viewer: '只读' },
    kind: kindsZh,
  },
  en: {
    app: { title: 'Coal Mine Safety Supervision', logout: 'Log out', lang: '中文' },
    nav: { overview: 'Overview', mines: 'Mines', alarms: 'Alarms', personnel: 'Personnel', admin: 'Admin' },
    login: { title: 'Log in', user: 'User', password: 'Password', submit: 'Log in', failed: 'Login failed' },
    common: {
      empty: 'No data', loading: 'Loading…', notFound: 'Not found or not in your scope', yes: 'yes', no: 'no',
      refresh: 'Refresh', submit: 'Submit', back: 'Back', all: 'All', search: 'Search', time: 'Time',
    },
    severity: { red: 'Red', orange: 'Orange', yellow: 'Yellow', blue: 'Blue' },
    state: {
      new: 'New', acknowledged: 'Acknowledged', disposed: 'Disposed', verified: 'Verified', returned: 'Returned',
    },
    level: { mine: 'Mine', city: 'City', province: 'Province', national: 'National' },
    mineStatus: { producing: 'Producing', stopped: 'Stopped', closed: 'Closed', construction: 'Construction' },
    badge: { normal: 'Normal', alarm: 'Alarm', cut: 'Cut', calibrating: 'Calibrating', fault: 'Fault' },
    overview: {
      map: 'Mines across China', online: 'Mines online', offline: 'Mines offline', people: 'People underground',
      activeAlarms: 'Active alarms', uploadGap: 'Mines in upload gap', byKind: 'By kind', feed: 'Live alarms',
      live: 'Live', connected: 'connected', disconnected: 'disconnected', back: 'Back to China', noMines: 'No mines in scope',
      soundOn: 'Sound on', soundOff: 'Sound off',
    },
    mine: {
      list: 'Mines', code: 'Code', name: 'Name', status: 'Status', gasGrade: 'Gas grade', online: 'Online',
      lastUpload: 'Last upload', people: 'Underground', alarms: 'Alarms', points: 'Points', point: 'Point',
      sensor: 'Sensor', location: 'Location', value: 'Value', unit: 'Unit', badge: 'Status',
      thresholds: 'Alarm/cut/restore', curve: 'Curve', areas: 'Areas', area: 'Area', approved: 'Approved',
      headcount: 'Now', leader: 'Leader on shift', leaderYes: 'underground', leaderNo: 'none', stations: 'Stations',
      alarmHistory: 'Alarm history', span: 'Span', shifts: 'Shifts', raw: 'raw', rollup: '5-min rollups',
      alarmLine: 'alarm', cutLine: 'cut',
    },
    alarm: {
      list: 'Alarms', id: 'ID', mine: 'Mine', kind: 'Kind', severity: 'Severity', start: 'Start',
      end: 'End', state: 'State', level: 'Held by', active: 'Active only', subject: 'Subject',
      message: 'Message', evidence: 'Evidence', history: 'History', ack: 'Acknowledge', remark: 'Remark',
      disposition: 'Disposition', cause: 'Cause', measures: 'Measures', releasedAt: 'Released at',
      earlyReason: 'Early release reason', verify: 'Verify', verdict: 'Verdict', accepted: 'Accept', rejected: 'Reject',
      nextEscalation: 'Next escalation', actor: 'Actor', action: 'Action', done: 'Done', peak: 'Peak',
      more: 'Load more', ongoing: 'ongoing',
    },
    personnel: {
      now: 'Underground now', card: 'Card', name: 'Name', entry: 'Entry', exit: 'Exit',
      leader: 'Leader', trips: 'Trips', areaDay: "Area headcount (day)", day: 'Day', pickMine: 'Mine',
      at: 'Count', peak: 'Peak',
    },
    admin: {
      users: 'Users', addUser: 'Add user', name: 'Name', role: 'Role', scope: 'Scope', disabled: 'Disabled',
      disable: 'Disable', created: 'Created', password: 'Password', mines: 'Mines and upload keys', rotate: 'Rotate key',
      newKey: 'New key (shown once)', onlyNational: 'National administrators only',
    },
    role: { national: 'National', province: 'Province', city: 'City', mine: 'Mine', viewer: 'Viewer' },
    kind: kindsEn,
  },
}

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('mw_lang') : null

// vue-i18n reads dots in a key as nesting, so kind "gas.alarm" is stored as kind.gas_alarm.
export function kindKey(kind) {
  return 'kind.' + String(kind).replace(/\./g, '_')
}
// Looked up in the message table directly: vue-i18n's te() depends on its build's resolver.
export function kindLabel(locale, kind) {
  if (!kind) return ''
  const table = (messages[locale] || messages['zh-CN']).kind
  return table[String(kind).replace(/\./g, '_')] || kind
}
// The rule kinds (shared/spec/rules.md part B), for filters.
export const KINDS = Object.keys(kindsEn).map((k) => k.replace('_', '.'))

export function makeI18n(locale = saved || 'zh-CN') {
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages })
}

export function setLocale(i18n, locale) {
  i18n.global.locale.value = locale
  if (typeof localStorage !== 'undefined') localStorage.setItem('mw_lang', locale)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}
