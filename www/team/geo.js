// The phone's position (Geolocation API): a watch that reports {lat, lon, accuracy_m, at} or a
// clear message when there is no position (refused, unavailable, not a secure page).

export class Position {
  constructor(onChange) {
    this.onChange = onChange;
    this.pos = null;
    this.message = '正在定位…';
    this.ok = false;
    this.watch = null;
  }

  start() {
    if (!window.isSecureContext) return this.fail('定位需要 HTTPS 或本机地址（localhost）打开本页；距离和预计到达时间不可用');
    if (!('geolocation' in navigator)) return this.fail('此浏览器不支持定位；距离和预计到达时间不可用');
    this.watch = navigator.geolocation.watchPosition(
      (p) => {
        this.pos = { lat: p.coords.latitude, lon: p.coords.longitude, accuracy_m: Math.round(p.coords.accuracy || 0), at: p.timestamp };
        this.ok = true;
        this.message = `已定位（精度约 ${this.pos.accuracy_m} m）`;
        this.onChange(this);
      },
      (e) => {
        if (e.code === 1) this.fail('未获得定位权限：请在浏览器或系统设置中允许本页使用位置，然后刷新。没有定位时仍可标记停靠点，只是不显示距离和记录位置');
        else if (e.code === 3) this.fail('定位超时：请到开阔处或打开 GPS，稍后自动重试', true);
        else this.fail('暂时无法定位（GPS 信号弱或定位服务关闭）：请打开 GPS，稍后自动重试', true);
      },
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
    return this;
  }

  fail(message, keepLast = false) {
    this.ok = keepLast && this.pos != null;
    if (!keepLast) this.pos = null;
    this.message = message;
    this.onChange(this);
    return this;
  }

  /** The position as a record carries it: {location: [lon, lat], accuracy_m} or nulls. */
  forRecord() {
    return this.pos ? { location: [this.pos.lon, this.pos.lat], accuracy_m: this.pos.accuracy_m } : { location: null };
  }
}
