/**
 * Common English given-name equivalences: each line is a formal name and the short forms people
 * are registered under elsewhere (a GP knows "William", the police "Bill"). A name in several
 * groups (e.g. "al", "chris", "sam") belongs to the first group listed, so keep lines ordered from
 * the most to the least common formal name.
 */
const groups: readonly string[] = [
  'william bill billy will willy liam',
  'robert bob bobby rob robbie bert',
  'richard dick rick ricky rich richie',
  'james jim jimmy jamie jimi',
  'john jack johnny jon',
  'jonathan jon jonny',
  'thomas tom tommy',
  'michael mike mick mickey micky mikey',
  'david dave davy davie',
  'joseph joe joey',
  'charles charlie chuck chas',
  'christopher chris kit topher',
  'daniel dan danny',
  'matthew matt matty',
  'anthony tony ant',
  'edward ed eddie ted teddy ned',
  'henry harry hal hank',
  'alexander alex alec sandy xander',
  'andrew andy drew',
  'benjamin ben benny benji',
  'samuel sam sammy',
  'nicholas nick nicky',
  'stephen steve stevie steven',
  'peter pete',
  'patrick pat paddy',
  'frederick fred freddie freddy',
  'gregory greg',
  'timothy tim timmy',
  'kenneth ken kenny',
  'ronald ron ronnie',
  'donald don donny',
  'leonard len lenny leo',
  'lawrence larry laurie',
  'francis frank frankie',
  'albert al bert bertie',
  'alfred alf alfie',
  'arthur art artie',
  'raymond ray',
  'gerald gerry jerry',
  'terence terry',
  'philip phil pip',
  'nathan nat nate',
  'douglas doug',
  'elizabeth liz lizzie beth betty bess bessie eliza libby elisabeth',
  'margaret peggy maggie meg marge madge margie greta',
  'catherine kate katie cathy kathy cath kath kathryn katherine kitty',
  'mary molly polly mae',
  'sarah sally sadie sara',
  'jennifer jenny jen jenni',
  'rebecca becky becca',
  'victoria vicky vikki tori',
  'susan sue susie suzy',
  'deborah debbie deb debra',
  'patricia patsy trish tricia pattie',
  'barbara barb babs',
  'dorothy dot dottie dolly',
  'helen nell nellie ellie',
  'eleanor elly nora',
  'jacqueline jackie jacqui',
  'samantha sammie',
  'christine chrissie tina christina kristina',
  'alexandra alexa lexi',
  'abigail abby abbie gail',
  'amanda mandy',
  'pamela pam',
  'judith judy jude',
  'theresa tess tessa terri teresa',
  'josephine jo josie',
  'caroline carol carrie',
  'frances fran fanny',
  'harriet hattie',
  'louise lou lulu louisa',
  'natalie nat',
  'angela angie',
  'kimberley kim kimberly',
  'jessica jess jessie',
  'charlotte lottie charlie',
  'florence flo flossie',
  'gillian gill jill',
  'valerie val',
];

/** Each known name mapped to its group's formal name ("bill" → "william"). */
export const formalNameOf: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const line of groups) {
    const [formal, ...short] = line.split(' ');
    if (!map.has(formal)) map.set(formal, formal);
    for (const name of short) if (!map.has(name)) map.set(name, formal);
  }
  return map;
})();
