/// <reference types="@tarojs/taro" />
/// <reference lib="dom.iterable" />

declare module '*.png' {
  const src: string;
  export default src;
}
declare module '*.jpg' {
  const src: string;
  export default src;
}
declare module '*.svg' {
  const src: string;
  export default src;
}
declare module '*.css';
declare module '*.scss';

/** Injected by config/index.ts from TARO_APP_API_BASE ('' on H5: same origin). */
declare const API_BASE: string;
/** Injected by config/index.ts from TMAP_KEY: the Tencent static-map key for H5's wall map ('' = no map on H5). */
declare const TMAP_KEY: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5' | 'swan' | 'alipay' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    TARO_APP_API_BASE?: string;
  }
}
